package io.netledger.allocator.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netledger.allocator.ipam.AllocatorConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AllocatorStreamsTest {
  @TempDir
  Path stateDir;

  @Test
  void createsAnUnstartedStreamsAppWithTheNamedTopology() {
    // Port 9 (discard) on loopback: nothing is contacted before start().
    Properties props = AllocatorTopology.streamsConfig("allocator-create-test", "127.0.0.1:9");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    KafkaStreams streams = AllocatorStreams.create(props, AllocatorConfig.DEFAULT, AllocatorTopologyTest.SERDES);
    try {
      assertEquals(KafkaStreams.State.CREATED, streams.state());
    } finally {
      streams.close(Duration.ofSeconds(5));
    }
  }
}
