package io.netledger.agent.resolv;

import static io.netledger.agent.dns.Fixtures.*;
import static org.junit.jupiter.api.Assertions.*;

import io.netledger.agent.dns.DnsDelta;
import io.netledger.agent.dns.DnsView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResolvConfTest {
  private static final String NS = "169.254.169.250";
  private final DnsView view = seed("10.42.0.5", "10.43.0.2");

  @Test
  void searchListIsStackThenDomain() {
    assertEquals("# written by netledger for host h2\nnameserver 169.254.169.250\nsearch rocket-chat.rancher.internal rancher.internal\n",
        ResolvConf.render("h2", NS, Optional.of("rocket-chat"), DOMAIN));
    assertEquals("# written by netledger for host h2\nnameserver 169.254.169.250\nsearch other.internal\n",
        ResolvConf.render("h2", NS, Optional.empty(), "other.internal"));
  }

  @Test
  void desiredHasOneFilePerNamedNamespace() {
    Map<String, String> desired = ResolvConf.desired(view, NS);
    assertEquals(List.of("nlt-mongo", "nlt-ops"), List.copyOf(desired.keySet()));
    assertTrue(desired.get("nlt-mongo").contains("search rocket-chat.rancher.internal rancher.internal"));
  }

  @Test
  void namespacePathsAreNamesOnlyWhenIpNetnsKnowsThem() {
    assertEquals(Optional.of("c1"), ResolvConf.netnsName("/run/netns/c1"));
    assertEquals(Optional.of("c1"), ResolvConf.netnsName("/var/run/netns/c1"));
    assertEquals(Optional.empty(), ResolvConf.netnsName("/proc/42/ns/net"));
    assertEquals(Optional.empty(), ResolvConf.netnsName(".."));
    assertEquals(Optional.empty(), ResolvConf.netnsName("/run/netns/../../etc"));
  }

  @Test
  void reconcileWritesRemovesOnlyOurFilesAndIsIdempotent(@TempDir Path root) throws Exception {
    ResolvConfWriter writer = new ResolvConfWriter(root, HOST);
    Path foreign = root.resolve("someone-else").resolve("resolv.conf");
    Files.createDirectories(foreign.getParent());
    Files.writeString(foreign, "nameserver 192.0.2.53\n");
    Path otherHost = root.resolve("h1-container").resolve("resolv.conf");
    Files.createDirectories(otherHost.getParent());
    Files.writeString(otherHost, ResolvConf.render("h1", NS, Optional.empty(), DOMAIN));

    ResolvConfWriter.Result first = writer.reconcile(ResolvConf.desired(view, NS));
    assertEquals(List.of("nlt-mongo", "nlt-ops"), first.written());
    assertEquals(ResolvConf.desired(view, NS).get("nlt-mongo"),
        Files.readString(root.resolve("nlt-mongo/resolv.conf")));

    ResolvConfWriter.Result again = writer.reconcile(ResolvConf.desired(view, NS));
    assertEquals(List.of(), again.written(), "unchanged files are not rewritten");

    DnsDelta d = new DnsDelta(view);
    d.replayHostState(HOST + "/endpoint/c-mongo", null);
    ResolvConfWriter.Result gone = writer.reconcile(ResolvConf.desired(d.apply(), NS));
    assertEquals(List.of("nlt-mongo"), gone.removed());
    assertFalse(Files.exists(root.resolve("nlt-mongo")), "its directory went with it");
    assertEquals("nameserver 192.0.2.53\n", Files.readString(foreign), "never touch a file we did not write");
    assertTrue(Files.exists(otherHost), "another host's agent owns its own files");
    try (var files = Files.list(root.resolve("nlt-ops"))) {
      assertEquals(1, files.count(), "no temp file left behind");
    }
  }

  @Test
  void aForeignFileInAWantedNamespaceIsReportedNotReplaced(@TempDir Path root) throws Exception {
    Path file = root.resolve("nlt-mongo").resolve("resolv.conf");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "nameserver 192.0.2.53\n");
    ResolvConfWriter.Result r = new ResolvConfWriter(root, HOST).reconcile(ResolvConf.desired(view, NS));
    assertEquals(1, r.skipped().size());
    assertThrows(IllegalArgumentException.class, () -> new ResolvConfWriter(root, HOST).write("../etc", "x"));
    assertEquals("nameserver 192.0.2.53\n", Files.readString(file));
  }
}
