package io.netledger.allocator.ipam;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netledger.events.serde.AvroBinary;
import io.netledger.avro.Allocation;
import io.netledger.avro.AllocationKind;
import io.netledger.avro.AllocationState;
import io.netledger.avro.DnsRecord;
import io.netledger.avro.InputCoordinates;
import io.netledger.events.topic.Topics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The seed scenario ("a day in the life of a packet"): exact blocks, addresses and names. */
class SeedScenarioTest {
  static final String NET = "managed";
  Script s;

  /** Hosts H1, H2; stack rocket-chat: rocketchat on H1, mongo and hubot on H2. */
  static Script seed() {
    Script s = new Script();
    s.network(TestInputs.network(NET, "10.42.0.0/16", 26));
    s.host("H1");
    s.host("H2");
    s.start(TestInputs.container("c-rocketchat", "rocketchat-1", "rocketchat", "rocket-chat", "H1", NET));
    s.start(TestInputs.container("c-mongo", "mongo-1", "mongo", "rocket-chat", "H2", NET));
    s.start(TestInputs.container("c-hubot", "hubot-1", "hubot", "rocket-chat", "H2", NET));
    return s;
  }

  @BeforeEach
  void setUp() {
    s = seed();
  }

  @Test
  void eachHostClaimsTheLowestFreeBlock() {
    assertEquals(Map.of("managed/10.42.0.0/26", "H1", "managed/10.42.0.64/26", "H2"), s.blocks());
  }

  @Test
  void hostAddressesComeFirstInTheirBlockThenContainersInOrder() {
    assertEquals(Map.of(
        "host/H1/managed", "10.42.0.1",     // 10.42.0.0 is the pool's network address
        "c-rocketchat", "10.42.0.2",
        "host/H2/managed", "10.42.0.64",
        "c-mongo", "10.42.0.65",
        "c-hubot", "10.42.0.66"), s.addresses());
  }

  @Test
  void anAllocationCarriesItsMacBlockSequenceAndCause() {
    Allocation hubot = s.allocation("c-hubot");
    InputCoordinates cause = new InputCoordinates(Topics.CONTAINERS.name(), 0, 2L, "ev-6");
    Allocation expected = new Allocation(NET, AllocationKind.CONTAINER, "c-hubot", "H2", "hubot-1", "hubot",
        "rocket-chat", "/run/netns/c-hubot", "10.42.0.66", 16, "0a:58:0a:2a:00:42", "10.42.0.64/26", false,
        AllocationState.ALLOCATED, null, 5L, s.inputs.get(5).occurredAt(), cause, java.util.Map.of(), java.util.List.of());
    assertEquals(expected, hubot);
    Allocation h2 = s.allocation("host/H2/managed");
    assertEquals(AllocationKind.HOST, h2.getKind());
    assertEquals("H2", h2.getOwnerId());
    assertEquals("0a:58:0a:2a:00:40", h2.getMac());
    assertEquals(3L, h2.getSequence());
  }

  @Test
  void dnsAsRancherDns() {
    assertEquals(Map.of(
        "managed/hubot-1.rancher.internal", List.of("10.42.0.66"),
        "managed/hubot.rocket-chat.rancher.internal", List.of("10.42.0.66"),
        "managed/mongo-1.rancher.internal", List.of("10.42.0.65"),
        "managed/mongo.rocket-chat.rancher.internal", List.of("10.42.0.65"),
        "managed/rocketchat-1.rancher.internal", List.of("10.42.0.2"),
        "managed/rocketchat.rocket-chat.rancher.internal", List.of("10.42.0.2")), s.dns());
    DnsRecord r = (DnsRecord) s.view(Topics.DNS_RECORDS.name()).get("managed/hubot.rocket-chat.rancher.internal");
    assertEquals(600, r.getTtlSeconds());
    assertEquals("hubot.rocket-chat.rancher.internal", r.getFqdn());
  }

  @Test
  void aServiceNameHoldsEveryLiveContainerAscending() {
    s.start(TestInputs.container("c-hubot-2", "hubot-2", "hubot", "rocket-chat", "H1", NET));
    assertEquals(List.of("10.42.0.3", "10.42.0.66"), s.dns().get("managed/hubot.rocket-chat.rancher.internal"));
    s.stop("c-hubot");
    assertEquals(List.of("10.42.0.3"), s.dns().get("managed/hubot.rocket-chat.rancher.internal"));
  }

  @Test
  void replayingTheSameLogGivesTheSameRecordsByteForByte() {
    Script again = seed();
    assertEquals(s.written, again.written);
    assertEquals(s.image, again.image);
    for (int i = 0; i < s.written.size(); i++) {
      OutputRecord a = s.written.get(i);
      OutputRecord b = again.written.get(i);
      assertEquals(a.topic() + "/" + a.key(), b.topic() + "/" + b.key());
      org.junit.jupiter.api.Assertions.assertArrayEquals(AvroBinary.encode(a.value()), AvroBinary.encode(b.value()));
    }
  }

  @Test
  void imageRoundTripsThroughRecords() {
    assertEquals(s.image, ImageRecords.restore(ImageRecords.render(s.image)));
    assertEquals(ImageRecords.render(s.image), ImageRecords.render(ImageRecords.restore(s.image.toRecords())));
  }
}
