package io.netledger.agent.dns;

import static io.netledger.agent.dns.Fixtures.*;
import static org.junit.jupiter.api.Assertions.*;

import io.netledger.events.net.Ipv4;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** {@code rancher-metadata} resolves to the metadata address for containers, as on Rancher. */
class RancherMetadataNameTest {
  private static final Optional<Ipv4> MONGO_SRC = Optional.of(Ipv4.parse("10.42.0.5"));
  private static final Ipv4 METADATA = Ipv4.parse("169.254.169.250");
  private final DnsView view = seed("10.42.0.5", "10.43.0.2");
  private final DnsAnswerer answerer = new DnsAnswerer(Duration.ofSeconds(5), Optional.of(METADATA));

  private Decision answer(String name, int type, Optional<Ipv4> source) throws Exception {
    return answerer.answer(Message.newQuery(Record.newRecord(Name.fromString(name + "."), type, DClass.IN)),
        source, view);
  }

  private static String onlyAddress(Decision d) {
    Decision.Reply r = assertInstanceOf(Decision.Reply.class, d);
    assertEquals(Rcode.NOERROR, r.response().getRcode());
    assertEquals(1, r.response().getSection(Section.ANSWER).size());
    return ((ARecord) r.response().getSection(Section.ANSWER).get(0)).getAddress().getHostAddress();
  }

  @Test
  void bareNameAndNameInTheDomainAndViaTheSearchListAnswerTheMetadataAddress() throws Exception {
    assertEquals("169.254.169.250", onlyAddress(answer("rancher-metadata", Type.A, MONGO_SRC)));
    assertEquals("169.254.169.250", onlyAddress(answer("Rancher-Metadata." + DOMAIN, Type.A, MONGO_SRC)));
    assertEquals("169.254.169.250", onlyAddress(answer("rancher-metadata.rocket-chat." + DOMAIN, Type.A, MONGO_SRC)));
  }

  @Test
  void otherTypesGetNoDataAndUnknownSourcesAreForwarded() throws Exception {
    Decision.Reply aaaa = assertInstanceOf(Decision.Reply.class, answer("rancher-metadata." + DOMAIN, Type.AAAA, MONGO_SRC));
    assertEquals(Rcode.NOERROR, aaaa.response().getRcode());
    assertTrue(aaaa.response().getSection(Section.ANSWER).isEmpty());
    assertInstanceOf(Decision.Forward.class, answer("rancher-metadata", Type.A, Optional.of(Ipv4.parse("10.99.0.1"))));
    assertInstanceOf(Decision.Forward.class, answer("rancher-metadata.example.org", Type.A, MONGO_SRC));
  }

  @Test
  void withoutAMetadataAddressTheNameIsNotSpecial() throws Exception {
    Decision d = new DnsAnswerer(Duration.ofSeconds(5)).answer(
        Message.newQuery(Record.newRecord(Name.fromString("rancher-metadata." + DOMAIN + "."), Type.A, DClass.IN)),
        MONGO_SRC, view);
    assertEquals(Rcode.NXDOMAIN, assertInstanceOf(Decision.Reply.class, d).response().getRcode());
  }
}
