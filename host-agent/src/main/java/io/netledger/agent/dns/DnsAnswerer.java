package io.netledger.agent.dns;

import io.netledger.avro.LocalEndpoint;
import io.netledger.events.net.Ipv4;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The DNS decision, pure: a parsed query, the asker's source address and the view in; a reply
 * (or "forward it") out. No sockets, no clock, so tests drive it directly and the server is a thin
 * adapter around it.
 *
 * <p>Rules, in order:
 * <ol>
 *   <li>opcode other than QUERY: NOTIMP; not exactly one question: FORMERR;</li>
 *   <li>ANY: REFUSED (RFC 8482 allows it; we choose REFUSED rather than a minimal answer because
 *       no client of ours needs ANY and it is the classic amplification query);</li>
 *   <li>a source that is not a known local container: forward (it must not learn internal names);</li>
 *   <li>{@code rancher-metadata}, alone or followed by the asker's domain (so through its search
 *       list too): A gets the metadata address, other types NODATA;</li>
 *   <li>a name of the asker's network: A gets the records with their TTL; any other type gets
 *       NOERROR without data and the domain's SOA (RFC 2308 NODATA);</li>
 *   <li>a name inside the asker's domain that does not exist: NXDOMAIN + SOA, or NODATA + SOA when
 *       names exist below it (an empty non-terminal) or it is the apex (SOA queries are answered);</li>
 *   <li>a name of another network: NXDOMAIN without SOA (never leak, never forward it upstream);</li>
 *   <li>anything else: forward.</li>
 * </ol>
 */
public final class DnsAnswerer {
  /** The largest UDP payload we advertise in our OPT record (the DNS flag day 2020 value). */
  public static final int EDNS_PAYLOAD = 1232;

  /** The name containers reach the metadata API by, as on Rancher. */
  public static final String METADATA_NAME = "rancher-metadata";
  static final int METADATA_TTL_SECONDS = 300;

  private final long negativeTtlSeconds;
  private final Optional<Ipv4> metadataAddress;

  /**
   * @param negativeTtl how long resolvers may cache "no such name" (SOA minimum and TTL). Keep it
   *     short: a container that looks up a service before its first container started would
   *     otherwise keep failing after the name appears.
   */
  public DnsAnswerer(Duration negativeTtl) {
    this(negativeTtl, Optional.empty());
  }

  /** @param metadataAddress what {@value #METADATA_NAME} resolves to, or empty to answer it as any name */
  public DnsAnswerer(Duration negativeTtl, Optional<Ipv4> metadataAddress) {
    this.negativeTtlSeconds = negativeTtl.toSeconds();
    this.metadataAddress = metadataAddress;
  }

  /** {@link #answer(Message, Optional, DnsView, int)} without rotation: addresses ascending. */
  public Decision answer(Message query, Optional<Ipv4> source, DnsView view) {
    return answer(query, source, view, 0);
  }

  /**
   * Decides one query.
   *
   * @param rotation where the address list starts (modulo its size): most clients use the first
   *     address, so a server that varies it spreads a service's clients over its containers, as
   *     rancher-dns did
   */
  public Decision answer(Message query, Optional<Ipv4> source, DnsView view, int rotation) {
    Record question = query.getQuestion();
    if (query.getHeader().getOpcode() != Opcode.QUERY) {
      return reply(error(query, Rcode.NOTIMP), QueryResult.NOTIMP);
    }
    if (question == null || query.getHeader().getCount(Section.QUESTION) != 1) {
      return reply(error(query, Rcode.FORMERR), QueryResult.FORMERR);
    }
    if (question.getType() == Type.ANY) {
      return reply(error(query, Rcode.REFUSED), QueryResult.REFUSED);
    }
    Optional<LocalEndpoint> asker = source.flatMap(view::endpointAt);
    if (asker.isEmpty()) {
      return new Decision.Forward(query);
    }
    String networkId = asker.get().getNetworkId();
    String fqdn = DnsNames.normalize(question.getName().toString(true));
    Optional<String> domain = view.domainContaining(networkId, fqdn);
    Optional<ARecordSet> records = view.records(networkId, fqdn);
    if (metadataAddress.isPresent() && isMetadataName(fqdn, domain)) {
      if (question.getDClass() != DClass.IN) {
        return reply(error(query, Rcode.REFUSED), QueryResult.REFUSED);
      }
      return question.getType() == Type.A
          ? reply(addresses(query, new ARecordSet(networkId, fqdn, List.of(metadataAddress.get()),
              METADATA_TTL_SECONDS), 0), QueryResult.ANSWERED)
          : reply(negative(query, Rcode.NOERROR, domain, view), QueryResult.ANSWERED);
    }
    boolean internal = records.isPresent() || domain.isPresent();
    if (internal && question.getDClass() != DClass.IN) {
      return reply(error(query, Rcode.REFUSED), QueryResult.REFUSED);
    }
    if (records.isPresent()) {
      return question.getType() == Type.A
          ? reply(addresses(query, records.get(), rotation), QueryResult.ANSWERED)
          : reply(negative(query, Rcode.NOERROR, domain, view), QueryResult.ANSWERED);
    }
    if (domain.isPresent()) {
      boolean apex = fqdn.equals(domain.get());
      if (apex && question.getType() == Type.SOA) {
        Message r = response(query, Rcode.NOERROR);
        r.addRecord(soa(domain.get(), view), Section.ANSWER);
        return reply(r, QueryResult.ANSWERED);
      }
      if (apex || view.namesOf(networkId).exists(fqdn)) {
        return reply(negative(query, Rcode.NOERROR, domain, view), QueryResult.ANSWERED);
      }
      return reply(negative(query, Rcode.NXDOMAIN, domain, view), QueryResult.NXDOMAIN);
    }
    if (view.isNameOfOtherNetwork(networkId, fqdn)) {
      return reply(negative(query, Rcode.NXDOMAIN, Optional.empty(), view), QueryResult.NXDOMAIN);
    }
    return new Decision.Forward(query);
  }

  private static boolean isMetadataName(String fqdn, Optional<String> domain) {
    return fqdn.equals(METADATA_NAME)
        || (domain.isPresent() && fqdn.startsWith(METADATA_NAME + ".") && !fqdn.equals(domain.get()));
  }

  /** A FORMERR for bytes that are not a DNS message, or empty when not even the ID can be read. */
  public static Optional<Message> formerr(byte[] wire) {
    if (wire.length < 12) {
      return Optional.empty(); // shorter than a header: not worth an answer
    }
    Message r = new Message(((wire[0] & 0xFF) << 8) | (wire[1] & 0xFF));
    r.getHeader().setFlag(Flags.QR);
    r.getHeader().setRcode(Rcode.FORMERR);
    return Optional.of(r);
  }

  /** A SERVFAIL reply to {@code query}, when forwarding failed. */
  public static Message servfail(Message query) {
    return error(query, Rcode.SERVFAIL);
  }

  private static Decision reply(Message m, QueryResult r) {
    return new Decision.Reply(m, r);
  }

  private Message addresses(Message query, ARecordSet set, int rotation) {
    Message r = response(query, Rcode.NOERROR);
    Name owner = query.getQuestion().getName(); // the asker's spelling: 0x20-randomizing resolvers check it
    List<Ipv4> all = set.addresses();
    int start = Math.floorMod(rotation, all.size());
    for (int i = 0; i < all.size(); i++) {
      Ipv4 ip = all.get((start + i) % all.size());
      r.addRecord(new ARecord(owner, DClass.IN, set.ttlSeconds(), inet(ip)), Section.ANSWER);
    }
    return r;
  }

  private Message negative(Message query, int rcode, Optional<String> domain, DnsView view) {
    Message r = response(query, rcode);
    domain.ifPresent(d -> r.addRecord(soa(d, view), Section.AUTHORITY));
    return r;
  }

  private SOARecord soa(String domain, DnsView view) {
    try {
      Name zone = Name.fromString(domain + ".");
      // The serial follows the view so a change is visible to anyone who looks; nobody transfers
      // these zones, so refresh/retry/expire are nominal.
      return new SOARecord(zone, DClass.IN, negativeTtlSeconds, new Name("ns", zone),
          new Name("hostmaster", zone), view.generation() & 0xFFFF_FFFFL, 3600, 600, 86400,
          negativeTtlSeconds);
    } catch (TextParseException e) {
      throw new IllegalStateException("domain '" + domain + "' is not a DNS name", e);
    }
  }

  private static Message response(Message query, int rcode) {
    Message r = new Message(query.getHeader().getID());
    r.getHeader().setFlag(Flags.QR);
    r.getHeader().setFlag(Flags.AA);
    r.getHeader().setFlag(Flags.RA);
    if (query.getHeader().getFlag(Flags.RD)) {
      r.getHeader().setFlag(Flags.RD);
    }
    r.getHeader().setRcode(rcode);
    r.addRecord(query.getQuestion(), Section.QUESTION);
    if (query.getOPT() != null) {
      // RFC 6891 6.1.1: a query with OPT gets a response with OPT.
      r.addRecord(new OPTRecord(EDNS_PAYLOAD, 0, 0), Section.ADDITIONAL);
    }
    return r;
  }

  private static Message error(Message query, int rcode) {
    Message r = new Message(query.getHeader().getID());
    r.getHeader().setFlag(Flags.QR);
    r.getHeader().setFlag(Flags.RA);
    if (query.getHeader().getFlag(Flags.RD)) {
      r.getHeader().setFlag(Flags.RD);
    }
    r.getHeader().setOpcode(query.getHeader().getOpcode());
    r.getHeader().setRcode(rcode);
    if (query.getQuestion() != null) {
      r.addRecord(query.getQuestion(), Section.QUESTION);
    }
    return r;
  }

  private static InetAddress inet(Ipv4 ip) {
    try {
      return InetAddress.getByAddress(ip.bytes());
    } catch (UnknownHostException e) {
      throw new IllegalStateException("4 bytes are always an address", e); // cannot happen
    }
  }
}
