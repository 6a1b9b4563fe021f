package io.netledger.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandLineTest {
  @Test
  void invalidInputExitsTwoNamingFieldValueAndRule() {
    CliRun r = CliRun.of("publish", "network-created", "--network-id", "managed", "--name", "managed",
        "--cidr", "10.42.0.0/16", "--vni", "0", "--bootstrap", "127.0.0.1:1", "--registry", "http://127.0.0.1:1");
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().contains("vni='0'") && r.err().contains("1..16777215"), r.err());
  }

  @Test
  void publishedPortsAreParsedAndBadOnesNamed() {
    for (String[] bad : new String[][] {{"3000", "must be [hostIp:]hostPort:containerPort"},
        {"3000:3000/sctp", "tcp or udp"}, {"0:3000", "ports.hostPort='0'"},
        {"3000:70000", "ports.containerPort='70000'"}, {"10.0.0.300:80:80", "ports.hostIp='10.0.0.300'"}}) {
      CliRun r = CliRun.of("publish", "container-started", "--container-id", "c1", "--name", "web",
          "--host-id", "H1", "--network-id", "managed", "--netns", "ns1", "--port", bad[0],
          "--bootstrap", "127.0.0.1:1", "--registry", "http://127.0.0.1:1");
      assertEquals(2, r.exitCode(), bad[0] + ": " + r.err());
      assertTrue(r.err().contains(bad[1]), bad[0] + ": " + r.err());
    }
    io.netledger.avro.ContainerStarted started = io.netledger.avro.ContainerStarted.newBuilder()
        .setContainerId("c1").setName("web").setHostId("H1").setNetworkId("managed").setNetns("ns1")
        .setPorts(java.util.List.of(io.netledger.avro.PortMapping.newBuilder().setHostPort(3000)
            .setContainerPort(3000).build(), io.netledger.avro.PortMapping.newBuilder().setHostIp("192.168.64.11")
            .setHostPort(53).setContainerPort(5353).setProtocol(io.netledger.avro.PortProtocol.UDP).build()))
        .build();
    assertTrue(io.netledger.cli.command.EventOptions.flagsOf(started)
        .endsWith(" --port 3000:3000/tcp --port 192.168.64.11:53:5353/udp"),
        io.netledger.cli.command.EventOptions.flagsOf(started));
    CliRun help = CliRun.of("publish", "container-started", "--help");
    assertTrue(help.out().contains("--port=[hostIp:]hostPort:containerPort[/tcp|udp]"), help.out());
  }

  @Test
  void aBadCidrAndABadRequestedIpAreNamed() {
    CliRun r = CliRun.of("publish", "container-started", "--container-id", "c1", "--name", "web",
        "--host-id", "H1", "--network-id", "managed", "--netns", "ns1", "--requested-ip", "10.42.0.300",
        "--bootstrap", "127.0.0.1:1", "--registry", "http://127.0.0.1:1");
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().contains("requestedIp='10.42.0.300'"), r.err());
  }

  @Test
  void aMissingRequiredFlagIsUsageError() {
    CliRun r = CliRun.of("publish", "host-registered", "--host-id", "H1");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("--hostname") && r.err().contains("--underlay-ip"), r.err());
  }

  @Test
  void anUnknownEnumSymbolIsUsageError() {
    CliRun r = CliRun.of("publish", "network-created", "--network-id", "n", "--name", "n",
        "--cidr", "10.0.0.0/16", "--vni", "7", "--encryption", "rot13",
        "--bootstrap", "127.0.0.1:1", "--registry", "http://127.0.0.1:1");
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().contains("[NONE, IPSEC]"), r.err());
  }

  @Test
  void networksAreEncryptedUnlessNoneIsAskedFor() {
    CliRun help = CliRun.of("publish", "network-created", "--help");
    assertTrue(help.out().contains("(default: IPSEC)"), help.out());
    io.netledger.avro.NetworkCreated plain = io.netledger.avro.NetworkCreated.newBuilder().setNetworkId("n")
        .setName("n").setCidr("10.0.0.0/16").setVni(7).build();
    assertEquals(io.netledger.avro.Encryption.IPSEC, plain.getEncryption(), "the Java builder's default");
  }

  @Test
  void natOutgoingTakesTrueOrFalse() {
    CliRun r = CliRun.of("publish", "network-created", "--network-id", "n", "--name", "n",
        "--cidr", "10.0.0.0/16", "--vni", "7", "--nat-outgoing", "maybe",
        "--bootstrap", "127.0.0.1:1", "--registry", "http://127.0.0.1:1");
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().contains("--nat-outgoing") && r.err().contains("maybe"), r.err());
    io.netledger.avro.NetworkCreated closed = io.netledger.avro.NetworkCreated.newBuilder().setNetworkId("n")
        .setName("n").setCidr("10.0.0.0/16").setVni(7).setNatOutgoing(false).build();
    assertTrue(io.netledger.cli.command.EventOptions.flagsOf(closed).contains("--nat-outgoing false"),
        io.netledger.cli.command.EventOptions.flagsOf(closed));
  }

  @Test
  void noClusterFileIsARuntimeFailureThatSaysWhatToDo() {
    CliRun r = CliRun.of("publish", "host-removed", "--host-id", "H1", "--data-dir", "target/no-such-dir");
    assertEquals(1, r.exitCode());
    assertTrue(r.err().contains("netledger dev up"), r.err());
  }

  @Test
  void publishOffersOneSubcommandPerInputEventWithSchemaDocs() {
    CliRun r = CliRun.of("publish", "--help");
    for (String sub : new String[] {"network-created", "network-deleted", "host-registered", "host-removed",
        "container-started", "container-stopped", "container-removed"}) {
      assertTrue(r.out().contains(sub), sub + " in " + r.out());
    }
    CliRun help = CliRun.of("publish", "container-started", "--help");
    assertTrue(help.out().contains("--requested-ip") && help.out().contains("--aliases"), help.out());
    assertTrue(help.out().contains("honoured when free"), "field doc shown: " + help.out());
  }

  @Test
  void topicsListsTheCatalogue() throws Exception {
    CliRun r = CliRun.of("topics", "--json");
    assertEquals(0, r.exitCode(), r.err());
    JsonNode rows = new ObjectMapper().readTree(r.out());
    assertEquals(io.netledger.events.topic.Topics.all().size(), rows.size()); // every topic of the catalogue
    assertEquals("netledger.networks.v1", rows.get(0).get("name").asText());
    assertEquals("-1", rows.get(0).get("configs").get("retention.ms").asText());
    assertEquals(3, rows.get(0).get("replicationFactor").asInt());
    assertEquals("2", rows.get(0).get("configs").get("min.insync.replicas").asText());
    CliRun table = CliRun.of("topics");
    assertTrue(table.out().contains("netledger.host-state.v1"), table.out());
    assertTrue(table.out().contains("MINISR"), table.out());
    JsonNode single = new ObjectMapper().readTree(CliRun.of("topics", "--json", "--brokers", "1").out());
    assertEquals(1, single.get(0).get("replicationFactor").asInt());
    assertEquals(1, single.get(0).get("minInsyncReplicas").asInt());
    assertEquals(2, CliRun.of("topics", "--brokers", "0").exitCode());
  }

  /** picocli's command list shows only each description's first line: it must be a whole sentence. */
  @Test
  void everyCommandsSummaryIsAWholeSentence() {
    java.util.ArrayDeque<picocli.CommandLine> todo = new java.util.ArrayDeque<>(List.of(Main.commandLine()));
    while (!todo.isEmpty()) {
      picocli.CommandLine cl = todo.pop();
      String[] d = cl.getCommandSpec().usageMessage().description();
      String first = d.length == 0 ? "" : d[0].strip();
      assertTrue(first.endsWith(".") || first.endsWith(".)"),
          cl.getCommandSpec().qualifiedName() + "'s summary is cut: '" + first + "'");
      todo.addAll(cl.getSubcommands().values());
    }
    String help = CliRun.of("--help").out();
    assertTrue(help.contains("doctor") && help.contains("Run the host agent in this network namespace."), help);
  }

  @Test
  void doctorRefusesAnUnknownScope() {
    CliRun r = CliRun.of("doctor", "--for", "bogus");
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().contains("--for must be agent, dev or suite, not 'bogus'"), r.err());
  }
}
