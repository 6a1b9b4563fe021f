package io.netledger.agent.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netledger.agent.ipsec.Credentials;
import io.netledger.avro.ContainerRemoved;
import io.netledger.avro.ContainerStarted;
import io.netledger.avro.ContainerStopped;
import io.netledger.avro.HostRegistered;
import io.netledger.events.publish.Published;
import io.netledger.events.security.PemTls;
import io.netledger.events.security.Principal;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;

/**
 * Publishes a host's own facts (ContainerStarted/Stopped/Removed from the CNI door, HostRegistered
 * from {@code agent --register}) through the gateway over mutual TLS, with the host's certificate
 * from its IPsec credentials directory ({@code ca.pem}, {@code host.pem}, {@code host.key}).
 * Returns only once the gateway answered 202 (Kafka acknowledged); anything else is a
 * {@link GatewayException} within {@code timeout}, never a hang. The JDK client, because the
 * agent needs nothing else from an HTTP library and {@link PemTls} gives it the PEM files.
 */
public final class GatewayClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final URI base;
  private final HttpClient http;
  private final Duration timeout;
  private final Principal principal;

  private GatewayClient(URI base, HttpClient http, Duration timeout, Principal principal) {
    this.base = base;
    this.http = http;
    this.timeout = timeout;
    this.principal = principal;
  }

  /**
   * @param base the gateway, e.g. {@code https://192.0.2.1:8443}
   * @param credentials the host's credentials directory ({@code --ipsec-dir})
   * @param timeout longest wait for one answer (connecting included)
   * @throws IllegalArgumentException when a file is missing or the certificate names no host
   */
  public static GatewayClient create(URI base, Path credentials, Duration timeout) {
    PemTls tls = PemTls.load(credentials.resolve(Credentials.CA), credentials.resolve(Credentials.CERT),
        credentials.resolve(Credentials.KEY));
    Principal p = tls.principal().orElseThrow(() -> new IllegalArgumentException(credentials.resolve(Credentials.CERT)
        + ": subject '" + tls.chain().get(0).getSubjectX500Principal().getName() + "' names no netledger principal"
        + " (a host's certificate has /O=netledger/OU=hosts/CN=<hostId>)"));
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls.sslContext())
        .connectTimeout(timeout).build();
    return new GatewayClient(base, http, timeout, p);
  }

  /** Who this client speaks as (from its certificate). */
  public Principal principal() {
    return principal;
  }

  public URI base() {
    return base;
  }

  /** Publishes {@code payload}, one of the events a host may send; see the class comment. */
  public Published publish(SpecificRecord payload) {
    String method;
    String path;
    ObjectNode body = null;
    if (payload instanceof ContainerStarted) {
      method = "POST";
      path = "/v1/containers";
      body = encode((GenericRecord) payload);
    } else if (payload instanceof ContainerStopped s) {
      method = "POST";
      path = "/v1/containers/" + segment(s.getContainerId()) + "/stop";
    } else if (payload instanceof ContainerRemoved r) {
      method = "DELETE";
      path = "/v1/containers/" + segment(r.getContainerId());
    } else if (payload instanceof HostRegistered) {
      method = "POST";
      path = "/v1/hosts";
      body = encode((GenericRecord) payload);
    } else {
      throw new IllegalArgumentException("a host publishes no " + payload.getSchema().getName());
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
        // A fresh key per event: a retry by whoever retries this call carries its own.
        .header("Idempotency-Key", UUID.randomUUID().toString());
    if (body != null) {
      request.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    String what = payload.getSchema().getName() + " through the gateway at " + base;
    HttpResponse<String> r;
    try {
      r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw new GatewayException(0, what + ": no answer within " + timeout.toMillis() + " ms", e);
    } catch (IOException e) {
      throw new GatewayException(0, what + ": unreachable (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GatewayException(0, what + ": interrupted", e);
    }
    JsonNode answer;
    try {
      answer = JSON.readTree(r.body());
    } catch (IOException e) {
      answer = NODES.objectNode().put("error", r.body());
    }
    if (r.statusCode() != 202) {
      String reason = answer.path("error").asText(r.body());
      JsonNode violations = answer.path("violations");
      throw new GatewayException(r.statusCode(), what + " answered " + r.statusCode() + ": " + reason
          + (violations.isArray() && !violations.isEmpty() ? " " + violations : ""), null);
    }
    return new Published(answer.path("topic").asText(), answer.path("partition").asInt(), answer.path("offset").asLong(),
        answer.path("key").asText(), answer.path("eventId").asText());
  }

  private static String segment(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The gateway's JSON form of an input record: field by field, enums by symbol, nulls as null. */
  static ObjectNode encode(GenericRecord record) {
    ObjectNode o = NODES.objectNode();
    for (Schema.Field f : record.getSchema().getFields()) {
      o.set(f.name(), value(record.get(f.pos())));
    }
    return o;
  }

  private static JsonNode value(Object v) {
    if (v == null) {
      return NODES.nullNode();
    }
    if (v instanceof GenericRecord r) {
      return encode(r);
    }
    if (v instanceof CharSequence || v instanceof GenericEnumSymbol<?> || v instanceof Enum<?>) {
      return NODES.textNode(v.toString());
    }
    if (v instanceof Integer i) {
      return NODES.numberNode(i);
    }
    if (v instanceof Long l) {
      return NODES.numberNode(l);
    }
    if (v instanceof Boolean b) {
      return NODES.booleanNode(b);
    }
    if (v instanceof Map<?, ?> m) {
      ObjectNode o = NODES.objectNode();
      m.forEach((k, x) -> o.set(k.toString(), value(x)));
      return o;
    }
    if (v instanceof Collection<?> c) {
      ArrayNode a = NODES.arrayNode();
      c.forEach(x -> a.add(value(x)));
      return a;
    }
    throw new IllegalArgumentException("no JSON form for " + v.getClass().getName());
  }
}
