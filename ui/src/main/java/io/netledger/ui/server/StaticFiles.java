package io.netledger.ui.server;

import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The page's three files, read from the classpath once at start and served from memory with an
 * ETag. Why not Vert.x's StaticHandler: it unpacks classpath resources into a {@code .vertx}
 * cache directory under the working directory (the user's checkout, or a test's), and the page is
 * three small files that never change while the server runs.
 */
final class StaticFiles {
  record File(String contentType, Buffer body, String etag) {}

  private static final String BASE = "/io/netledger/ui/web/";

  private final Map<String, File> byPath;

  StaticFiles() {
    byPath = Map.of(
        "/", load("index.html", "text/html; charset=utf-8"),
        "/app.js", load("app.js", "text/javascript; charset=utf-8"),
        "/app.css", load("app.css", "text/css; charset=utf-8"));
  }

  /** The file served at {@code path}, or null. */
  File get(String path) {
    return byPath.get(path.equals("/index.html") ? "/" : path);
  }

  private static File load(String name, String type) {
    try (InputStream in = StaticFiles.class.getResourceAsStream(BASE + name)) {
      if (in == null) {
        throw new IllegalStateException(BASE + name + " is missing from the classpath");
      }
      byte[] bytes = in.readAllBytes();
      String etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 8) + "\"";
      return new File(type, Buffer.buffer(bytes), etag);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + BASE + name, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
