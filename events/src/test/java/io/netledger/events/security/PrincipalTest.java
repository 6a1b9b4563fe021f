package io.netledger.events.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.apache.kafka.common.security.ssl.SslPrincipalMapper;
import org.junit.jupiter.api.Test;

class PrincipalTest {

  @Test
  void everySpellingOfAHost() {
    Principal h1 = Principal.host("H1");
    assertEquals("/O=netledger/OU=hosts/CN=H1", h1.opensslSubject());
    assertEquals("CN=H1,OU=hosts,O=netledger", h1.rfc2253());
    assertEquals("O=netledger, OU=hosts, CN=H1", h1.ikeIdentity());
    assertEquals("User:host-H1", h1.kafkaPrincipal());
    assertTrue(h1.isHost("h1"));
  }

  @Test
  void theJdkReadsTheSubjectBack() {
    // X500Principal takes RFC 2253 (most specific first), the reverse of openssl's -subj order.
    X500Principal subject = new X500Principal("CN=allocator, OU=components, O=netledger");
    assertEquals(Optional.of(Principal.component("allocator")), Principal.fromSubject(subject));
    assertEquals(Optional.empty(), Principal.fromSubject(new X500Principal("CN=H1,OU=hosts,O=evil")));
    assertEquals(Optional.empty(), Principal.fromSubject(new X500Principal("CN=H1,OU=admins,O=netledger")));
  }

  @Test
  void kafkasMapperAgreesWithUs() throws Exception {
    SslPrincipalMapper mapper = SslPrincipalMapper.fromRules(Principal.kafkaMappingRules());
    for (Principal p : new Principal[] {Principal.host("H1"), Principal.component("mesh"),
        Principal.operator("alice"), Principal.orchestrator("rancher")}) {
      assertEquals(p.kafkaUser(), mapper.getName(p.rfc2253()));
    }
    assertEquals("CN=x,OU=hosts,O=other", mapper.getName("CN=x,OU=hosts,O=other"));
  }

  @Test
  void namesThatWouldBreakADnAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> Principal.host("H1,OU=components"));
    assertThrows(IllegalArgumentException.class, () -> Principal.host(""));
  }
}
