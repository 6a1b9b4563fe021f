package io.netledger.allocator.stream;

import io.netledger.events.serde.AvroBinary;
import io.netledger.allocator.ipam.OutputRecord;
import io.netledger.allocator.ipam.StateSections;
import io.netledger.allocator.state.NetworkLedger;
import io.netledger.allocator.state.SeenEventRecord;
import io.netledger.allocator.state.WaitingStartRecord;
import io.netledger.avro.Allocation;
import io.netledger.avro.BlockAffinity;
import io.netledger.avro.DnsRecord;
import io.netledger.avro.HostRegistered;
import io.netledger.avro.NetworkCreated;
import io.netledger.events.topic.Topics;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * How image records ({@link io.netledger.allocator.ipam.ImageRecords}) sit in the allocator's
 * key-value store: key {@code <section>|<key>} (section: a view topic or a state section; neither
 * contains '|'), value the record in plain Avro binary.
 */
final class StoreCodec {
  private StoreCodec() {}

  static final char SEPARATOR = '|';

  private static final Map<String, Class<? extends SpecificRecord>> TYPES = Map.of(
      StateSections.NETWORKS, NetworkCreated.class,
      StateSections.LEDGERS, NetworkLedger.class,
      StateSections.HOSTS, HostRegistered.class,
      StateSections.WAITING, WaitingStartRecord.class,
      StateSections.EVENT_IDS, SeenEventRecord.class,
      Topics.IPAM_BLOCKS.name(), BlockAffinity.class,
      Topics.ALLOCATIONS.name(), Allocation.class,
      Topics.DNS_RECORDS.name(), DnsRecord.class);

  /** True for the records the store keeps (everything but rejections). */
  static boolean stored(OutputRecord r) {
    return TYPES.containsKey(r.topic());
  }

  static String key(OutputRecord r) {
    return r.topic() + SEPARATOR + r.key();
  }

  static byte[] value(OutputRecord r) {
    return AvroBinary.encode(r.value());
  }

  static OutputRecord decode(String storeKey, byte[] value) {
    int sep = storeKey.indexOf(SEPARATOR);
    String section = storeKey.substring(0, sep);
    Class<? extends SpecificRecord> type = TYPES.get(section);
    if (type == null) {
      throw new IllegalStateException("unknown section in store key " + storeKey);
    }
    return new OutputRecord(section, storeKey.substring(sep + 1), AvroBinary.decode(value, type));
  }
}
