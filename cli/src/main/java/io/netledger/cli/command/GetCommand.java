package io.netledger.cli.command;

import io.netledger.allocator.app.AllocatorAppConfig;
import io.netledger.cli.Main;
import io.netledger.mesh.app.MeshAppConfig;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code netledger get ...}: asks a running allocator or mesh through its query API and prints a
 * table (or, with {@code --json}, the API's JSON object). Which API: {@code --api URL}, else the
 * URL the app wrote to {@code <data-dir>/api/allocator.url} (or {@code mesh.url}) when it started,
 * else {@code http://127.0.0.1:7070} (allocator) / {@code :7071} (mesh). Exit 0 found, 1 unknown
 * key or API unreachable, 2 malformed key (the API's reason is printed).
 */
@Command(name = "get", mixinStandardHelpOptions = true,
    description = "Query the allocator (allocation, ip, usage, dns) or the mesh (peers, state).",
    subcommands = {GetCommand.Allocation.class, GetCommand.Ip.class, GetCommand.Usage.class, GetCommand.Dns.class,
        GetCommand.Peers.class, GetCommand.State.class})
public final class GetCommand {
  @Option(names = "--api", scope = picocli.CommandLine.ScopeType.INHERIT,
      description = "Base URL of the query API (default: <data-dir>/api/<app>.url, else http://127.0.0.1:7070 "
          + "for the allocator and :7071 for the mesh).")
  String api;

  @Option(names = "--json", scope = picocli.CommandLine.ScopeType.INHERIT,
      description = "Print the answer as one JSON object instead of a table.")
  boolean json;

  @Option(names = "--data-dir", scope = picocli.CommandLine.ScopeType.INHERIT,
      defaultValue = "${NETLEDGER_DATA_DIR:-.netledger}", description = "Where the apps publish their API URL.")
  Path dataDir;

  /** The base URL for {@code app} ("allocator" or "mesh"). */
  String base(String app, int defaultPort) {
    if (api != null) {
      return strip(api);
    }
    Path f = dataDir.resolve("api").resolve(app + ".url");
    try {
      if (Files.exists(f)) {
        return strip(Files.readString(f).trim());
      }
    } catch (IOException e) {
      // fall through to the default port
    }
    return "http://127.0.0.1:" + defaultPort;
  }

  private static String strip(String u) {
    return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
  }

  static String seg(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** GETs {@code path} and prints the answer; returns the exit code. */
  int query(CommandSpec spec, String app, int port, String path, java.util.function.BiConsumer<JsonObject, PrintWriter> table) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String url = base(app, port) + path;
    HttpResponse<String> r;
    try {
      r = io.netledger.events.http.Http1Client.builder(Duration.ofSeconds(5)).build().send(
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException | IllegalArgumentException e) {
      err.println("netledger: cannot reach the " + app + " API at " + url + " (is `netledger " + app
          + "` running? see --api): " + e);
      return Main.FAILURE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Main.FAILURE;
    }
    JsonObject body;
    try {
      body = r.body().isEmpty() ? new JsonObject() : new JsonObject(r.body());
    } catch (DecodeException e) {
      err.println("netledger: " + url + " answered " + r.statusCode() + " with something that is not JSON");
      return Main.FAILURE;
    }
    if (r.statusCode() != 200) {
      err.println("netledger: " + body.getString("error", "HTTP " + r.statusCode() + " from " + url));
      return r.statusCode() == 400 ? Main.USAGE : Main.FAILURE;
    }
    if (json) {
      out.println(body.encode());
    } else {
      table.accept(body, out);
    }
    out.flush();
    return Main.OK;
  }

  abstract static class Sub implements Callable<Integer> {
    @ParentCommand
    GetCommand get;
    @Spec
    CommandSpec spec;

    int allocator(String path, java.util.function.BiConsumer<JsonObject, PrintWriter> table) {
      return get.query(spec, "allocator", AllocatorAppConfig.DEFAULT_HTTP_PORT, path, table);
    }

    int mesh(String path, java.util.function.BiConsumer<JsonObject, PrintWriter> table) {
      return get.query(spec, "mesh", MeshAppConfig.DEFAULT_HTTP_PORT, path, table);
    }
  }

  @Command(name = "allocation", mixinStandardHelpOptions = true, description = "A container's allocation.")
  static final class Allocation extends Sub {
    @Parameters(paramLabel = "CONTAINER_ID")
    String containerId;

    @Override
    public Integer call() {
      return allocator("/v1/allocations/" + seg(containerId), GetCommandTables::record);
    }
  }

  @Command(name = "ip", mixinStandardHelpOptions = true, description = "Who holds an address of a network.")
  static final class Ip extends Sub {
    @Parameters(index = "0", paramLabel = "NETWORK_ID")
    String networkId;
    @Parameters(index = "1", paramLabel = "IP")
    String ip;

    @Override
    public Integer call() {
      return allocator("/v1/networks/" + seg(networkId) + "/addresses/" + seg(ip), GetCommandTables::holder);
    }
  }

  @Command(name = "usage", mixinStandardHelpOptions = true, description = "A network's blocks, per-host use and free count.")
  static final class Usage extends Sub {
    @Parameters(paramLabel = "NETWORK_ID")
    String networkId;

    @Override
    public Integer call() {
      return allocator("/v1/networks/" + seg(networkId) + "/usage", GetCommandTables::usage);
    }
  }

  @Command(name = "dns", mixinStandardHelpOptions = true, description = "A DNS name's record in a network.")
  static final class Dns extends Sub {
    @Parameters(index = "0", paramLabel = "NETWORK_ID")
    String networkId;
    @Parameters(index = "1", paramLabel = "FQDN")
    String fqdn;

    @Override
    public Integer call() {
      return allocator("/v1/dns/" + seg(networkId) + "/" + seg(fqdn), GetCommandTables::dns);
    }
  }

  @Command(name = "peers", mixinStandardHelpOptions = true, description = "A host's mesh peers.")
  static final class Peers extends Sub {
    @Parameters(paramLabel = "HOST_ID")
    String hostId;

    @Override
    public Integer call() {
      return mesh("/v1/hosts/" + seg(hostId) + "/peers", GetCommandTables::peers);
    }
  }

  @Command(name = "state", mixinStandardHelpOptions = true, description = "Everything a host must program.")
  static final class State extends Sub {
    @Parameters(paramLabel = "HOST_ID")
    String hostId;

    @Override
    public Integer call() {
      return mesh("/v1/hosts/" + seg(hostId) + "/state", GetCommandTables::state);
    }
  }
}
