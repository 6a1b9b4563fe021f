package io.netledger.mesh.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netledger.events.topic.HostPartitioner;
import io.netledger.events.topic.Topics;
import io.netledger.mesh.topology.HostStatePartitioner;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.constraints.UniqueElements;

/** Every slice of a host goes to the one partition {@code HostPartitioner} names for that host. */
class HostPartitioningPropertyTest {
  static final String NET = "managed";

  @Property(tries = 100)
  void everySliceOfAHostLandsInItsHostsPartition(
      @ForAll @Size(min = 1, max = 12) @UniqueElements List<
          @StringLength(min = 1, max = 24) @CharRange(from = 'a', to = 'z') @CharRange(from = '0', to = '9')
          @Chars({'-', '.', '_', 'H', 'é'}) String> hostIds,
      @ForAll @IntRange(min = 1, max = 256) int partitions) {
    MeshLog log = new MeshLog();
    log.checkAgentView = false;
    log.network(NET, "10.42.0.0/16", 42);
    for (int i = 0; i < hostIds.size(); i++) {
      String h = hostIds.get(i);
      String block = "10.42." + i + ".0/26";
      log.host(h, "192.0.2." + (i + 1))
          .claim(NET, block, h)
          .hostAddress(h, NET, "10.42." + i + ".1", block)
          .container("c-" + i, h, NET, "10.42." + i + ".2", block);
    }
    log.removeHost(hostIds.get(0));

    HostStatePartitioner partitioner = new HostStatePartitioner();
    List<SliceChange> all = new ArrayList<>(log.written);
    assertEquals(hostIds.size() * (hostIds.size() - 1) + 2 * hostIds.size(),
        all.stream().filter(c -> !c.tombstone()).count(), "network + endpoint + n-1 peers per host");
    for (SliceChange c : all) {
      assertEquals(c.hostId(), HostPartitioner.hostIdOf(c.key()), c.key());
      if (!c.tombstone()) {
        assertEquals(c.hostId(), c.slice().getHostId());
      }
      int expected = HostPartitioner.partitionFor(c.hostId(), partitions);
      assertEquals(Optional.of(Set.of(expected)),
          partitioner.partitions(Topics.HOST_STATE.name(), c.key(), c.slice(), partitions), c.key());
    }
  }
}
