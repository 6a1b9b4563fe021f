package io.netledger.agent.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link NftCommand} against the real kernel, in a namespace of its own (as root, with nft). */
class NftCommandTest {
  static final NftTable TABLE = new NftTable(List.of(
      new NftTable.Chain("steer", "filter", "prerouting", -90,
          List.of("ct direction reply ct status snat ip daddr 10.42.0.0/16 meta mark set 100")),
      new NftTable.Chain("input", "filter", "input", 0,
          List.of("iifname \"nlv*\" ip daddr 169.254.169.250 accept", "iifname \"nlv*\" drop")),
      new NftTable.Chain("postrouting", "nat", "postrouting", 100,
          List.of("ip saddr 10.42.0.0/16 oifname != \"nlv*\" oifname != \"nlx*\" ip daddr != { 10.42.0.0/16 } masquerade"))));

  @Test
  void replacesOnlyItsOwnTableAndReadsItsShapeBack() {
    String skip = TestNet.unavailable();
    assumeTrue(skip == null, skip);
    Optional<NftCommand> installed = NftCommand.installed();
    assumeTrue(installed.isPresent(), "nft not installed (apt-get install nftables)");
    try (TestNet net = new TestNet()) {
      String ns = net.namespace("nft");
      NftCommand nft = installed.get().inNamespace(ns);
      TestNet.sh("ip", "netns", "exec", ns, "nft", "add table inet foreign; add chain inet foreign c { type filter hook input priority 0; }; add rule inet foreign c tcp dport 22 accept");
      String foreignBefore = TestNet.sh("ip", "netns", "exec", ns, "nft", "list", "table", "inet", "foreign");
      assertEquals(Optional.empty(), nft.read(), "no table yet");

      nft.replace(TABLE);
      assertEquals(Optional.of(TABLE.shape()), nft.read());
      nft.replace(TABLE);
      assertEquals(Optional.of(TABLE.shape()), nft.read(), "rewriting is idempotent");

      // Drift: a rule of someone else inside our table, then one of ours deleted.
      TestNet.sh("ip", "netns", "exec", ns, "nft", "add rule inet netledger input tcp dport 22 accept");
      assertNotEquals(Optional.of(TABLE.shape()), nft.read());
      nft.replace(TABLE);
      assertEquals(Optional.of(TABLE.shape()), nft.read(), "repaired");
      TestNet.sh("ip", "netns", "exec", ns, "nft", "flush chain inet netledger postrouting");
      assertNotEquals(Optional.of(TABLE.shape()), nft.read());
      nft.replace(TABLE);
      assertEquals(Optional.of(TABLE.shape()), nft.read());

      nft.replace(NftTable.EMPTY);
      assertEquals(Optional.empty(), nft.read(), "an empty plan removes the table");
      assertEquals(foreignBefore, TestNet.sh("ip", "netns", "exec", ns, "nft", "list", "table", "inet", "foreign"),
          "a foreign table is never touched");
      assertTrue(foreignBefore.contains("tcp dport 22 accept"), foreignBefore);
    }
  }

  @Test
  void aBadTableIsAKernelExceptionNamingNftsError() {
    String skip = TestNet.unavailable();
    assumeTrue(skip == null, skip);
    assumeTrue(NftCommand.installed().isPresent(), "nft not installed");
    try (TestNet net = new TestNet()) {
      NftCommand nft = NftCommand.installed().get().inNamespace(net.namespace("nftbad"));
      KernelException e = org.junit.jupiter.api.Assertions.assertThrows(KernelException.class, () -> nft.replace(
          new NftTable(List.of(new NftTable.Chain("input", "filter", "input", 0, List.of("no such syntax"))))));
      assertTrue(e.getMessage().contains("nft -f failed"), e.getMessage());
      assertEquals(Optional.empty(), nft.read(), "a failed transaction leaves nothing");
    }
  }
}
