package io.netledger.agent.kernel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The agent's one nftables table, {@code inet netledger}, as a value: its base chains, each with
 * its rules in nft syntax. The agent owns the whole table and nothing outside it.
 *
 * <p>{@link #script()} is the one {@code nft -f} transaction that replaces the table whatever it
 * holds (create it if missing, delete it, define it: applied atomically, so no packet ever sees a
 * half-written table, and a chain or rule someone added to it goes too). Every rule carries a
 * comment naming the rule itself ({@link #ruleId}); {@link #shape()} is what reading the table
 * back must show, so drift (a rule removed, changed, added, a chain's hook or priority changed,
 * the table gone) is one comparison, without parsing nft's expression trees.
 */
public record NftTable(List<Chain> chains) {
  public static final String FAMILY = "inet";
  public static final String NAME = "netledger";
  /** No chain at all: the table is not wanted (the agent deletes it). */
  public static final NftTable EMPTY = new NftTable(List.of());

  public NftTable {
    chains = List.copyOf(chains);
  }

  /** A base chain: {@code type} (filter, nat), {@code hook}, numeric {@code priority}, policy accept. */
  public record Chain(String name, String type, String hook, int priority, List<String> rules) {
    public Chain {
      rules = List.copyOf(rules);
    }
  }

  /** What {@code nft -j list table} shows of a chain: its settings and its rules' comments, in order. */
  public record ChainShape(String name, String type, String hook, int priority, String policy, List<String> comments) {
    public ChainShape {
      comments = List.copyOf(comments);
    }
  }

  public boolean isEmpty() {
    return chains.isEmpty();
  }

  /** The comment that names a rule: {@code nl:} and 12 hex digits of SHA-256 over chain and rule. */
  public static String ruleId(String chain, String rule) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest((chain + "\n" + rule).getBytes(StandardCharsets.UTF_8));
      return "nl:" + HexFormat.of().formatHex(h, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What a read-back of this table must equal. */
  public List<ChainShape> shape() {
    return chains.stream().map(c -> new ChainShape(c.name(), c.type(), c.hook(), c.priority(), "accept",
        c.rules().stream().map(r -> ruleId(c.name(), r)).toList())).toList();
  }

  /** The {@code nft -f} transaction that leaves exactly this table (or none, when empty). */
  public String script() {
    StringBuilder b = new StringBuilder();
    String t = FAMILY + " " + NAME;
    b.append("table ").append(t).append(" {}\n");
    b.append("delete table ").append(t).append('\n');
    if (isEmpty()) {
      return b.toString();
    }
    b.append("table ").append(t).append(" {\n");
    for (Chain c : chains) {
      b.append("  chain ").append(c.name()).append(" {\n");
      b.append("    type ").append(c.type()).append(" hook ").append(c.hook()).append(" priority ")
          .append(c.priority()).append("; policy accept;\n");
      for (String r : c.rules()) {
        b.append("    ").append(r).append(" comment \"").append(ruleId(c.name(), r)).append("\"\n");
      }
      b.append("  }\n");
    }
    b.append("}\n");
    return b.toString();
  }
}
