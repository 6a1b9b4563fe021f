package io.netledger.agent.dns;

import static io.netledger.agent.dns.Fixtures.*;
import static org.junit.jupiter.api.Assertions.*;

import io.netledger.events.net.Ipv4;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import org.junit.jupiter.api.Test;

class DnsAnswererTest {
  private static final Optional<Ipv4> MONGO_SRC = Optional.of(Ipv4.parse("10.42.0.5"));
  private static final Optional<Ipv4> OPS_SRC = Optional.of(Ipv4.parse("10.43.0.2"));
  private final DnsView view = seed("10.42.0.5", "10.43.0.2");
  private final DnsAnswerer answerer = new DnsAnswerer(Duration.ofSeconds(5));

  private static Message query(String name, int type) throws Exception {
    return Message.newQuery(Record.newRecord(Name.fromString(name + "."), type, DClass.IN));
  }

  private Decision.Reply reply(String name, int type, Optional<Ipv4> source) throws Exception {
    Decision d = answerer.answer(query(name, type), source, view);
    return assertInstanceOf(Decision.Reply.class, d);
  }

  @Test
  void aQueryGetsAllAddressesWithTheRecordTtl() throws Exception {
    Decision.Reply r = reply("Hubot.Rocket-Chat.Rancher.Internal", Type.A, MONGO_SRC);
    assertEquals(QueryResult.ANSWERED, r.result());
    List<Record> answers = r.response().getSection(Section.ANSWER);
    assertEquals(List.of("10.42.0.7", "10.42.0.8"),
        answers.stream().map(a -> ((ARecord) a).getAddress().getHostAddress()).toList());
    assertEquals(600, answers.get(0).getTTL());
    assertEquals("Hubot.Rocket-Chat.Rancher.Internal.", answers.get(0).getName().toString(), "owner keeps the asker's case");
    assertTrue(r.response().getHeader().getFlag(Flags.AA));
  }

  @Test
  void rotationSpreadsTheFirstAddress() throws Exception {
    List<String> firsts = new java.util.ArrayList<>();
    for (int rotation = 0; rotation < 3; rotation++) {
      Decision.Reply r = assertInstanceOf(Decision.Reply.class,
          answerer.answer(query(HUBOT, Type.A), MONGO_SRC, view, rotation));
      firsts.add(((ARecord) r.response().getSection(Section.ANSWER).get(0)).getAddress().getHostAddress());
      assertEquals(2, r.response().getSection(Section.ANSWER).size());
    }
    assertEquals(List.of("10.42.0.7", "10.42.0.8", "10.42.0.7"), firsts);
  }

  @Test
  void missingNameInTheDomainIsNxdomainWithSoa() throws Exception {
    Decision.Reply r = reply("nope.rancher.internal", Type.A, MONGO_SRC);
    assertEquals(Rcode.NXDOMAIN, r.response().getRcode());
    SOARecord soa = (SOARecord) r.response().getSection(Section.AUTHORITY).get(0);
    assertEquals("rancher.internal.", soa.getName().toString());
    assertEquals(5, soa.getMinimum());
    assertEquals(QueryResult.NXDOMAIN, r.result());
  }

  @Test
  void aaaaOfAKnownNameAndAnEmptyNonTerminalAreNodata() throws Exception {
    for (String name : List.of(HUBOT, "rocket-chat.rancher.internal", DOMAIN)) {
      Decision.Reply r = reply(name, name.equals(HUBOT) ? Type.AAAA : Type.A, MONGO_SRC);
      assertEquals(Rcode.NOERROR, r.response().getRcode(), name);
      assertTrue(r.response().getSection(Section.ANSWER).isEmpty(), name);
      assertInstanceOf(SOARecord.class, r.response().getSection(Section.AUTHORITY).get(0), name);
    }
    Decision.Reply soa = reply(DOMAIN, Type.SOA, MONGO_SRC);
    assertInstanceOf(SOARecord.class, soa.response().getSection(Section.ANSWER).get(0));
  }

  @Test
  void anotherNetworksNameIsNxdomainAndNeverForwarded() throws Exception {
    Decision.Reply r = reply(SECRET, Type.A, MONGO_SRC);
    assertEquals(Rcode.NXDOMAIN, r.response().getRcode());
    assertTrue(r.response().getSection(Section.ANSWER).isEmpty());
    Decision.Reply fromOps = reply(HUBOT, Type.A, OPS_SRC);
    assertEquals(Rcode.NXDOMAIN, fromOps.response().getRcode());
    assertEquals(Rcode.NOERROR, reply(SECRET, Type.A, OPS_SRC).response().getRcode());
  }

  @Test
  void anyIsRefused() throws Exception {
    Decision.Reply r = reply(HUBOT, Type.ANY, MONGO_SRC);
    assertEquals(Rcode.REFUSED, r.response().getRcode());
    assertEquals(QueryResult.REFUSED, r.result());
  }

  @Test
  void externalNamesAndUnknownSourcesAreForwarded() throws Exception {
    assertInstanceOf(Decision.Forward.class, answerer.answer(query("example.org", Type.A), MONGO_SRC, view));
    assertInstanceOf(Decision.Forward.class, answerer.answer(query(HUBOT, Type.A), Optional.empty(), view));
    assertInstanceOf(Decision.Forward.class,
        answerer.answer(query(HUBOT, Type.A), Optional.of(Ipv4.parse("192.0.2.1")), view));
  }

  @Test
  void queryIdAndRecursionDesiredAreEchoed() throws Exception {
    Message q = query(HUBOT, Type.A);
    Decision.Reply r = assertInstanceOf(Decision.Reply.class, answerer.answer(q, MONGO_SRC, view));
    assertEquals(q.getHeader().getID(), r.response().getHeader().getID());
    assertTrue(r.response().getHeader().getFlag(Flags.RD));
    assertTrue(r.response().getHeader().getFlag(Flags.QR));
  }

  @Test
  void garbageGetsFormerrWhenTheHeaderIsReadable() {
    byte[] wire = new byte[12];
    wire[0] = 0x12;
    wire[1] = 0x34;
    assertEquals(0x1234, DnsAnswerer.formerr(wire).orElseThrow().getHeader().getID());
    assertTrue(DnsAnswerer.formerr(new byte[3]).isEmpty());
  }
}
