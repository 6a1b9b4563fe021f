package io.netledger.events.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a scripted registry on loopback: the requests we send and how answers surface. */
class HttpSchemaRegistryTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Schema SCHEMA = SchemaBuilder.record("W").fields().requiredString("a").endRecord();

  private final List<String> requests = new CopyOnWriteArrayList<>();
  private HttpServer server;
  private HttpSchemaRegistry registry;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/ccompat/", this::answer);
    server.start();
    registry = new HttpSchemaRegistry(
        "http://127.0.0.1:" + server.getAddress().getPort() + "/ccompat/", Duration.ofSeconds(5));
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void answer(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getRawPath();
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    requests.add(exchange.getRequestMethod() + " " + path);
    int status = 200;
    String reply;
    if (path.equals("/ccompat/subjects/good%20subject/versions")) {
      assertEquals(SCHEMA, new Schema.Parser().parse(JSON.readTree(body).path("schema").asText()));
      reply = "{\"id\":7}";
    } else if (path.equals("/ccompat/subjects/bad/versions")) {
      status = 409;
      reply = "{\"error_code\":409,\"message\":\"Incompatible schema: field b has no default\"}";
    } else if (path.equals("/ccompat/schemas/ids/7")) {
      reply = JSON.createObjectNode().put("schema", SCHEMA.toString()).toString();
    } else if (path.startsWith("/ccompat/compatibility/subjects/new/")) {
      status = 404;
      reply = "{\"error_code\":40401,\"message\":\"Subject 'new' not found.\"}";
    } else if (path.startsWith("/ccompat/compatibility/")) {
      reply = "{\"is_compatible\":false}";
    } else {
      status = 404;
      reply = "{\"error_code\":40403,\"message\":\"No content with id/hash 'contentId 8' was found.\"}";
    }
    byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Test
  void registersOnceAndRemembersTheIdAndTheSchema() {
    assertEquals(7, registry.register("good subject", SCHEMA));
    assertEquals(7, registry.register("good subject", SCHEMA));
    assertEquals(7, registry.lookup("good subject", SCHEMA));
    assertEquals(SCHEMA, registry.byId(7));
    assertEquals(List.of("POST /ccompat/subjects/good%20subject/versions"), requests);
  }

  @Test
  void fetchesByIdOnceForever() {
    assertEquals(SCHEMA, registry.byId(7));
    assertEquals(SCHEMA, registry.byId(7));
    assertEquals(1, requests.size());
  }

  @Test
  void refusalsCarryTheRegistrysOwnMessageStatusAndUrl() {
    SchemaRegistryException conflict = assertThrows(SchemaRegistryException.class,
        () -> registry.register("bad", SCHEMA));
    assertTrue(conflict.isIncompatible());
    assertEquals("Incompatible schema: field b has no default", conflict.registryMessage());
    assertTrue(conflict.getMessage().contains("field b has no default"), conflict.getMessage());
    assertTrue(conflict.url().endsWith("/ccompat/subjects/bad/versions"), conflict.url());

    SchemaRegistryException missing = assertThrows(SchemaRegistryException.class, () -> registry.byId(8));
    assertTrue(missing.isNotFound());
    assertEquals(40403, missing.errorCode());
    assertTrue(missing.getMessage().contains("contentId 8"), missing.getMessage());
  }

  @Test
  void compatibilityWithAnEmptySubjectIsTrue() {
    assertTrue(registry.isCompatible("new", SCHEMA));
    assertEquals(false, registry.isCompatible("old", SCHEMA));
  }

  @Test
  void anUnreachableRegistryIsNamedByUrl() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    HttpSchemaRegistry down = new HttpSchemaRegistry("http://127.0.0.1:" + closedPort, Duration.ofSeconds(2));
    SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> down.byId(1));
    assertEquals(SchemaRegistryException.NO_RESPONSE, e.status());
    assertTrue(e.getMessage().contains("127.0.0.1:" + closedPort + "/schemas/ids/1"), e.getMessage());
  }
}
