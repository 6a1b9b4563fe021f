package io.netledger.events.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A {@link SchemaRegistry} over HTTP, speaking the Confluent REST API (Confluent Schema Registry,
 * or Apicurio's {@code /apis/ccompat/v7}).
 *
 * <p>In: the registry's Confluent-compatible root URL, e.g. {@code http://127.0.0.1:8081/apis/ccompat/v7}.
 * Out: schema ids and schemas. Ids are immutable in a registry, so {@code byId} answers are cached
 * forever and {@code register}/{@code lookup} answers per (subject, schema): after the first
 * record a serde never calls the registry again.
 *
 * <p>Written by hand because Confluent's client is not on Maven Central; it is four calls.
 */
public final class HttpSchemaRegistry implements SchemaRegistry {
  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String baseUrl;
  private final Duration timeout;
  private final HttpClient http;
  private final Map<Integer, Schema> byId = new ConcurrentHashMap<>();
  private final Map<SubjectSchema, Integer> registered = new ConcurrentHashMap<>();
  private final Map<SubjectSchema, Integer> lookedUp = new ConcurrentHashMap<>();

  private record SubjectSchema(String subject, Schema schema) {}

  /**
   * @param baseUrl the Confluent-compatible root (a trailing slash is ignored)
   * @param timeout for connecting and for each whole request
   */
  public HttpSchemaRegistry(String baseUrl, Duration timeout) {
    Objects.requireNonNull(baseUrl, "baseUrl");
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.http = io.netledger.events.http.Http1Client.builder(timeout).build();
  }

  public String baseUrl() {
    return baseUrl;
  }

  @Override
  public int register(String subject, Schema schema) {
    return registered.computeIfAbsent(new SubjectSchema(subject, schema), k -> {
      String url = baseUrl + "/subjects/" + encode(subject) + "/versions";
      JsonNode answer = call("register schema under subject " + subject, "POST", url, body(schema));
      int id = answer.path("id").asInt(-1);
      byId.putIfAbsent(id, schema);
      return id;
    });
  }

  @Override
  public int lookup(String subject, Schema schema) {
    Integer known = registered.get(new SubjectSchema(subject, schema));
    if (known != null) {
      return known;
    }
    return lookedUp.computeIfAbsent(new SubjectSchema(subject, schema), k -> {
      String url = baseUrl + "/subjects/" + encode(subject);
      JsonNode answer = call("look up schema under subject " + subject, "POST", url, body(schema));
      int id = answer.path("id").asInt(-1);
      byId.putIfAbsent(id, schema);
      return id;
    });
  }

  @Override
  public Schema byId(int id) {
    return byId.computeIfAbsent(id, k -> {
      String url = baseUrl + "/schemas/ids/" + id;
      JsonNode answer = call("fetch schema id " + id, "GET", url, null);
      return new Schema.Parser().parse(answer.path("schema").asText());
    });
  }

  @Override
  public boolean isCompatible(String subject, Schema schema) {
    String url = baseUrl + "/compatibility/subjects/" + encode(subject) + "/versions/latest";
    try {
      return call("check compatibility with subject " + subject, "POST", url, body(schema))
          .path("is_compatible").asBoolean(false);
    } catch (SchemaRegistryException e) {
      if (e.isNotFound()) {
        return true; // no versions yet: nothing to be incompatible with
      }
      throw e;
    }
  }

  private static String body(Schema schema) {
    ObjectNode node = JSON.createObjectNode();
    node.put("schema", schema.toString());
    node.put("schemaType", "AVRO");
    return node.toString();
  }

  /** Path-segment encoding: URLEncoder is for forms and would turn a space into '+'. */
  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private JsonNode call(String what, String method, String url, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
        .timeout(timeout)
        .header("Accept", CONTENT_TYPE + ", application/json");
    if (body == null) {
      request.GET();
    } else {
      request.header("Content-Type", CONTENT_TYPE)
          .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new SchemaRegistryException("cannot " + what, SchemaRegistryException.NO_RESPONSE,
          SchemaRegistryException.NO_RESPONSE, String.valueOf(e), url, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaRegistryException("interrupted while trying to " + what,
          SchemaRegistryException.NO_RESPONSE, SchemaRegistryException.NO_RESPONSE, null, url, e);
    }
    JsonNode json = parse(response.body());
    if (response.statusCode() / 100 != 2) {
      String message = json == null ? response.body() : json.path("message").asText(response.body());
      int errorCode = json == null ? SchemaRegistryException.NO_RESPONSE
          : json.path("error_code").asInt(SchemaRegistryException.NO_RESPONSE);
      throw new SchemaRegistryException(
          "registry refused to " + what, response.statusCode(), errorCode, message, url, null);
    }
    if (json == null) {
      throw new SchemaRegistryException("registry answered a non-JSON body to " + what,
          response.statusCode(), SchemaRegistryException.NO_RESPONSE, response.body(), url, null);
    }
    return json;
  }

  private static JsonNode parse(String body) {
    try {
      return body == null || body.isBlank() ? null : JSON.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return "HttpSchemaRegistry[" + baseUrl + "]";
  }
}
