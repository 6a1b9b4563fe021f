package io.netledger.agent.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netledger.agent.doctor.Check.Verdict;
import io.netledger.agent.doctor.Doctor.Scope;
import io.netledger.agent.doctor.Doctor.Settings;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DoctorTest {
  private final FakeProbes host = new FakeProbes();

  private List<Check> run(Scope scope, Settings settings) {
    return new Doctor(host).run(scope, settings);
  }

  private Check the(List<Check> checks, String what) {
    return checks.stream().filter(c -> c.what().equals(what)).findFirst()
        .orElseThrow(() -> new AssertionError("no check " + what + " in " + checks));
  }

  private static void assertFails(Check c, String... mentions) {
    assertEquals(Verdict.FAIL, c.verdict(), c.toString());
    for (String m : mentions) {
      assertTrue(c.detail().contains(m), c.detail() + " should mention " + m);
    }
  }

  @Test
  void aFullyInstalledHostIsAllOkApartFromNoClusterConfigured() {
    List<Check> checks = run(Scope.SUITE, Settings.none());
    for (Check c : checks) {
      if (!c.what().equals("cluster")) {
        assertEquals(Verdict.OK, c.verdict(), c.toString());
      }
    }
    assertEquals(Verdict.WARN, the(checks, "cluster").verdict());
    assertTrue(the(checks, "cluster").detail().startsWith("none configured"));
    assertEquals(0, Doctor.exitCode(checks));
  }

  @Test
  void aMissingProgramFailsNamingItsPackage() {
    host.programs.remove("swanctl");
    host.programs.remove("socat");
    List<Check> checks = run(Scope.AGENT, Settings.none());
    assertFails(the(checks, "swanctl"), "install strongswan-swanctl");
    assertFails(the(checks, "socat"), "install socat");
    assertEquals(1, Doctor.exitCode(checks));
  }

  @Test
  void suiteProgramsAreCheckedOnlyForTheSuite() {
    host.programs.remove("chromedriver");
    assertEquals(0, Doctor.exitCode(run(Scope.DEV, Settings.none())));
    assertFails(the(run(Scope.SUITE, Settings.none()), "chromedriver"), "install chromium-driver");
  }

  @Test
  void charonFailingToLoadOpensslNamesTheStandardPluginsPackage() {
    host.charon = new Probes.CharonStart(true, List.of("charon", "random", "nonce", "aes", "kernel-libipsec"),
        List.of("openssl", "gcm"), "");
    assertFails(the(run(Scope.AGENT, Settings.none()), "charon"),
        "charon cannot load its crypto plugins", "openssl", "gcm", "install libstrongswan-standard-plugins");
  }

  @Test
  void charonThatDoesNotStartFailsWithWhy() {
    host.charon = new Probes.CharonStart(false, List.of(), List.of(), "charon exited with 1");
    assertFails(the(run(Scope.AGENT, Settings.none()), "charon"), "does not start", "charon exited with 1");
    host.files.remove(Doctor.CHARON_PATHS.get(0));
    assertFails(the(run(Scope.AGENT, Settings.none()), "charon"), "install strongswan-charon");
  }

  @Test
  void noTunDeviceFails() {
    host.files.remove("/dev/net/tun");
    assertFails(the(run(Scope.AGENT, Settings.none()), "/dev/net/tun"), "modprobe tun");
  }

  @Test
  void notRootFails() {
    host.root = false;
    assertFails(the(run(Scope.AGENT, Settings.none()), "root"), "run as root");
  }

  @Test
  void kernelFeaturesAreTriedInScratchNamespaces() {
    host.failing.put("ip link add nldoc0 type vxlan", "Error: Unknown device type.");
    List<Check> checks = run(Scope.AGENT, Settings.none());
    assertFails(the(checks, "kernel: vxlan"), "modprobe vxlan", "Unknown device type");
    assertEquals(Verdict.OK, the(checks, "kernel: veth").verdict());
    assertTrue(host.scratchRuns.stream().anyMatch(c -> c.get(0).equals("nft")), host.scratchRuns.toString());
  }

  @Test
  void noKernelEspAndNoLibipsecFails() {
    assertEquals(Verdict.OK, the(run(Scope.AGENT, Settings.none()), "ESP").verdict());
    host.files.remove(Doctor.LIBIPSEC_PLUGIN.get(0));
    assertFails(the(run(Scope.AGENT, Settings.none()), "ESP"), "install libcharon-extra-plugins");
    host.failing.remove("ip xfrm state add");
    assertEquals(Verdict.OK, the(run(Scope.AGENT, Settings.none()), "ESP").verdict(), "kernel ESP suffices");
  }

  @Test
  void charonWithoutLibipsecWarns() {
    host.charon = new Probes.CharonStart(true, List.of("random", "openssl", "gcm", "pem", "pkcs1", "pkcs8", "x509",
        "pubkey"), List.of(), "");
    assertEquals(Verdict.WARN, the(run(Scope.AGENT, Settings.none()), "charon").verdict());
  }

  @Test
  void registryJavaMustBe21OrNewer() {
    host.javaVersion = "openjdk version \"17.0.13\" 2024-10-15";
    assertFails(the(run(Scope.DEV, Settings.none()), "registry java"), "Java 17", "Java 21+");
    host.files.remove(Doctor.REGISTRY_DEFAULT_JAVA);
    host.files.add("/usr/lib/jvm/java-21-openjdk-amd64/bin/java");
    assertFails(the(run(Scope.DEV, Settings.none()), "registry java"),
        "set NETLEDGER_REGISTRY_JAVA=/usr/lib/jvm/java-21-openjdk-amd64/bin/java");
    host.env.put("NETLEDGER_REGISTRY_JAVA", "/usr/lib/jvm/java-21-openjdk-amd64/bin/java");
    host.javaVersion = "openjdk version \"21.0.5\" 2024-10-15";
    assertEquals(Verdict.OK, the(run(Scope.DEV, Settings.none()), "registry java").verdict());
    assertEquals(-1, Doctor.javaFeature("garbage"));
    assertEquals(8, Doctor.javaFeature("java version \"1.8.0_392\""));
  }

  @Test
  void aConfiguredClusterMustAnswer() {
    Settings s = new Settings(Optional.of("198.51.100.1:9092"), Optional.of("http://198.51.100.1:8081/apis/ccompat/v7"),
        List.of());
    List<Check> checks = run(Scope.DEV, s);
    assertFails(the(checks, "broker"), "nothing answers at 198.51.100.1:9092");
    assertFails(the(checks, "registry"), "nothing answers at http://198.51.100.1:8081");
    host.answering.add("198.51.100.1:9092");
    host.answering.add("http://198.51.100.1:8081/apis/ccompat/v7/subjects");
    checks = run(Scope.DEV, s);
    assertEquals(Verdict.OK, the(checks, "broker").verdict());
    assertEquals(Verdict.OK, the(checks, "registry").verdict());
    assertFails(the(run(Scope.DEV, new Settings(Optional.of("h:notaport"), Optional.empty(), List.of())), "broker"),
        "h:notaport");
  }

  @Test
  void aTakenDefaultPortWarns() {
    host.takenPorts.add(8090);
    List<Check> checks = run(Scope.DEV, new Settings(Optional.empty(), Optional.empty(), List.of(8088, 8090)));
    assertEquals(Verdict.OK, the(checks, "port 8088").verdict());
    assertEquals(Verdict.WARN, the(checks, "port 8090").verdict());
  }

  @Test
  void tableIsOneLinePerCheck() {
    String t = Doctor.table(List.of(Check.ok("ip", "iproute2 6.1"), Check.fail("charon", "install x")));
    assertEquals("ok    ip      iproute2 6.1\nfail  charon  install x\n", t.replace(System.lineSeparator(), "\n"));
    assertEquals(Optional.of(Scope.SUITE), Scope.parse("suite"));
    assertEquals(Optional.empty(), Scope.parse("bogus"));
  }

  @Test
  void versionLinesSkipWarningsPrintedFirst() {
    assertEquals("strongSwan swanctl 5.9.8", Doctor.versionLine(
        "plugin 'test-vectors': failed to load - test_vectors_plugin_create not found 1.2\nstrongSwan swanctl 5.9.8\n"));
    assertEquals("Chromium 142.0.7444.59 built on Debian", Doctor.versionLine(
        "/usr/bin/chromium: 9: [: 25276166144: unexpected operator\nChromium 142.0.7444.59 built on Debian\n"));
  }

  @Test
  void anAgentChecksCharonAtStartOnlyWhenItEncrypts() {
    host.charon = new Probes.CharonStart(true, List.of("random"), List.of("openssl"), "");
    Doctor d = new Doctor(host);
    assertTrue(d.agentStartup(false).stream().noneMatch(c -> c.what().equals("charon") || c.what().equals("swanctl")));
    assertFails(the(d.agentStartup(true), "charon"), "install libstrongswan-standard-plugins");
    assertTrue(host.scratchRuns.isEmpty(), "no scratch namespaces at agent start");
  }

  @Test
  void loadedPluginsAreReadFromSwanctlStats() {
    assertEquals(List.of("charon", "aes", "kernel-libipsec"), SystemProbes.loaded(
        "uptime: 1 second, since Dec 03 17:00:00 2026\nworker threads: 16 total\nloaded plugins: charon aes kernel-libipsec\n"));
  }
}
