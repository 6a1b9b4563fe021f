package io.netledger.agent.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing and rendering against output captured from iproute2 6.1 (no root needed). */
class IpJsonTest {
  @Test
  void routesOfAllTablesAndTypes() {
    String json = "[{\"type\":\"7\",\"dst\":\"default\",\"table\":\"100\",\"protocol\":\"211\",\"flags\":[]},"
        + "{\"dst\":\"10.42.0.2\",\"dev\":\"nl1234\",\"table\":\"100\",\"protocol\":\"211\",\"scope\":\"253\",\"flags\":[]},"
        + "{\"dst\":\"10.42.0.64/26\",\"gateway\":\"10.42.0.65\",\"dev\":\"nlx42\",\"table\":\"100\",\"protocol\":\"211\",\"flags\":[\"onlink\"]},"
        + "{\"dst\":\"default\",\"gateway\":\"10.42.0.1\",\"dev\":\"eth0\",\"protocol\":\"boot\",\"flags\":[\"onlink\"]}]";
    assertEquals(List.of(
        Route.unreachable(100, "0.0.0.0/0", 211),
        Route.direct(100, "10.42.0.2/32", "nl1234", 211),
        Route.onlinkVia(100, "10.42.0.64/26", "10.42.0.65", "nlx42", 211),
        Route.onlinkVia(254, "0.0.0.0/0", "10.42.0.1", "eth0", 3)), IpJson.routes(json, Family.INET));
  }

  @Test
  void linksNeighboursFdbRulesAndSysctls() {
    String links = "[{\"ifname\":\"nlx42\",\"flags\":[\"BROADCAST\",\"UP\"],\"mtu\":1400,\"address\":\"0a:58:0a:2a:00:01\","
        + "\"linkinfo\":{\"info_kind\":\"vxlan\",\"info_data\":{\"id\":42,\"local\":\"192.0.2.2\",\"port\":4789,\"learning\":false}}},"
        + "{\"ifname\":\"lo\",\"flags\":[\"LOOPBACK\"],\"mtu\":65536,\"address\":\"00:00:00:00:00:00\"}]";
    assertEquals(List.of(
        Link.vxlan("nlx42", 1400, "0a:58:0a:2a:00:01", new Link.Vxlan(42, "192.0.2.2", 4789, false, null)),
        new Link("lo", Link.Kind.OTHER, 65536, "00:00:00:00:00:00", false, null, null)), IpJson.links(links));
    assertEquals(List.of(new Neighbour("nlx42", "10.42.0.65", "0a:58:0a:2a:00:41")), IpJson.neighbours(
        "[{\"dst\":\"10.42.0.65\",\"dev\":\"nlx42\",\"lladdr\":\"0a:58:0a:2a:00:41\",\"state\":[\"PERMANENT\"]}]"));
    assertEquals(List.of(new FdbEntry("nlx42", "0a:58:0a:2a:00:41", "192.0.2.1")), IpJson.fdb(
        "[{\"mac\":\"0a:58:0a:2a:00:41\",\"ifname\":\"nlx42\",\"dst\":\"192.0.2.1\",\"flags\":[\"self\"],\"state\":\"permanent\"},"
            + "{\"mac\":\"33:33:00:00:00:01\",\"ifname\":\"nl1234\",\"flags\":[\"self\"],\"state\":\"permanent\"}]"));
    assertEquals(List.of(Rule.marked(Family.INET, 20100, 0x19772, 104242)),
        IpJson.rules("[{\"priority\":20100,\"src\":\"all\",\"fwmark\":\"0x19772\",\"table\":\"104242\"}]", Family.INET),
        "a marked rule (egress replies), as ip -json prints it");
    assertEquals(List.of(new Rule(Family.INET, 0, null, null, 255), Rule.incoming(Family.INET, 20100, "nlx42", 100),
        Rule.from(20100, "10.42.0.65", 100), new Rule(Family.INET, 20100, "10.42.0.0/26", null, 100)),
        IpJson.rules("[{\"priority\":0,\"src\":\"all\",\"table\":\"255\"},"
            + "{\"priority\":20100,\"src\":\"all\",\"iif\":\"nlx42\",\"table\":\"100\"},"
            + "{\"priority\":20100,\"src\":\"10.42.0.65\",\"table\":\"100\"},"
            + "{\"priority\":20100,\"src\":\"10.42.0.0\",\"srclen\":26,\"table\":\"100\"}]", Family.INET));
    assertEquals(List.of(new Sysctl("net.ipv4.ip_forward", "1"), Sysctl.conf(Family.INET, "nlv1", "proxy_arp", "0")),
        IpJson.sysctls("/proc/sys/net/ipv4/ip_forward:1\n/proc/sys/net/ipv4/conf/nlv1/proxy_arp:0\n"));
    assertEquals(List.of(), IpJson.neighbours(""));
  }

  @Test
  void commandsAreFamilyAgnosticAndCarryTheOwnerMarks() {
    assertEquals("route add 10.42.0.0/26 via 10.42.0.1 dev nlx42 onlink table 100 proto 211",
        line(Change.add(Route.onlinkVia(100, "10.42.0.0/26", "10.42.0.1", "nlx42", 211))));
    assertEquals("route replace unreachable ::/0 table 100 proto 211",
        line(Change.replace(Route.unreachable(100, "::/0", 211))));
    assertEquals("rule add from 0.0.0.0/0 iif nlv1 lookup 100 priority 20100",
        line(Change.add(Rule.incoming(Family.INET, 20100, "nlv1", 100))));
    assertEquals("rule del from fd00::1/128 lookup 100 priority 20100",
        line(Change.delete(Rule.from(20100, "fd00::1", 100))));
    assertEquals("link add nlv1 mtu 1400 up type veth peer name eth0 netns c1 address 0a:58:0a:2a:00:02 mtu 1400",
        line(Change.add(Link.veth("nlv1", 1400, new Link.VethPeer(Namespace.of("/run/netns/c1"), "eth0",
            "0a:58:0a:2a:00:02")))));
    List<IpCommands.Step> viaPath = IpCommands.render(Namespace.HOST, Change.add(Link.veth("nlv1", 1400,
        new Link.VethPeer(Namespace.of("/proc/42/ns/net"), "eth0", "0a:58:0a:2a:00:02"))), "h1");
    assertEquals(new IpCommands.Step(Namespace.of("/proc/42/ns/net"), IpCommands.Tool.IP,
        "link add eth0 address 0a:58:0a:2a:00:02 mtu 1400 type veth peer name nlv1 netns h1 mtu 1400"), viaPath.get(0));
    assertEquals(Result.Status.EXISTS, Iproute2Kernel.status("RTNETLINK answers: File exists"));
    assertEquals(Result.Status.NOT_FOUND, Iproute2Kernel.status("Cannot find device \"nosuch\""));
  }

  private static String line(Change c) {
    return IpCommands.render(Namespace.HOST, c, "h").get(0).line();
  }
}
