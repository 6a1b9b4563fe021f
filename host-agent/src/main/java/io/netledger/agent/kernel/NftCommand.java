package io.netledger.agent.kernel;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link Nftables} through the {@code nft} command in the agent's own network namespace: reads
 * with {@code nft -j list table inet netledger}, writes with one {@code nft -f -} transaction.
 */
public final class NftCommand implements Nftables {
  private static final long TIMEOUT_SECONDS = 30;
  private final List<String> nft;

  public NftCommand(String nft) {
    this.nft = List.of(nft);
  }

  private NftCommand(List<String> command) {
    this.nft = List.copyOf(command);
  }

  /** The same, in the named network namespace ({@code ip netns exec}); for tests. */
  public NftCommand inNamespace(String netns) {
    List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", netns));
    c.addAll(nft);
    return new NftCommand(c);
  }

  private List<String> command(String... args) {
    List<String> c = new ArrayList<>(nft);
    c.addAll(List.of(args));
    return c;
  }

  /** The {@code nft} binary on this machine, if any (the package {@code nftables}). */
  public static Optional<NftCommand> installed() {
    for (String p : List.of("/usr/sbin/nft", "/sbin/nft", "/usr/bin/nft")) {
      if (java.nio.file.Files.isExecutable(java.nio.file.Path.of(p))) {
        return Optional.of(new NftCommand(p));
      }
    }
    return Optional.empty();
  }

  @Override
  public Optional<List<NftTable.ChainShape>> read() {
    Exec.Output o = Exec.run(command("-j", "list", "table", NftTable.FAMILY, NftTable.NAME), null, TIMEOUT_SECONDS);
    if (o.exitCode() != 0) {
      if (o.stderr().contains("No such file or directory")) {
        return Optional.empty();
      }
      throw new KernelException("nft list table " + NftTable.NAME + " failed: " + o.stderr().strip());
    }
    return Optional.of(shape(o.stdout()));
  }

  /** The chains of {@code nft -j list table} output, each with its rules' comments in order. */
  static List<NftTable.ChainShape> shape(String json) {
    JsonArray items;
    try {
      items = new JsonObject(json).getJsonArray("nftables", new JsonArray());
    } catch (DecodeException | ClassCastException e) {
      throw new KernelException("unreadable nft -j output: " + e.getMessage());
    }
    Map<String, JsonObject> chains = new LinkedHashMap<>();
    Map<String, List<String>> comments = new LinkedHashMap<>();
    for (Object i : items) {
      if (!(i instanceof JsonObject item)) {
        continue;
      }
      JsonObject chain = item.getJsonObject("chain");
      JsonObject rule = item.getJsonObject("rule");
      if (chain != null) {
        chains.put(chain.getString("name"), chain);
        comments.putIfAbsent(chain.getString("name"), new ArrayList<>());
      } else if (rule != null) {
        // A rule without a comment is not one of ours: it shows as such and so counts as drift.
        comments.computeIfAbsent(rule.getString("chain"), k -> new ArrayList<>())
            .add(rule.getString("comment", "(no comment)"));
      }
    }
    List<NftTable.ChainShape> out = new ArrayList<>();
    chains.forEach((name, c) -> out.add(new NftTable.ChainShape(name, c.getString("type"), c.getString("hook"),
        c.getValue("prio") instanceof Number n ? n.intValue() : Integer.MIN_VALUE, c.getString("policy"),
        comments.get(name))));
    return out;
  }

  @Override
  public void replace(NftTable table) {
    Exec.Output o = Exec.run(command("-f", "-"), table.script(), TIMEOUT_SECONDS);
    if (o.exitCode() != 0) {
      throw new KernelException("nft -f failed: " + o.stderr().strip());
    }
  }
}
