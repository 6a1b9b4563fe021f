package io.netledger.mesh.app;

import io.netledger.support.http.AvroJson;
import io.netledger.support.http.Ids;
import io.netledger.support.http.Answer;

import io.netledger.avro.Allocation;
import io.netledger.avro.BlockAffinity;
import io.netledger.avro.HostRegistered;
import io.netledger.avro.NetworkCreated;
import io.netledger.avro.Peer;
import io.netledger.mesh.state.ImageRecord;
import io.netledger.mesh.state.MeshImage;
import io.netledger.events.serde.AvroBinary;
import io.netledger.mesh.topology.MeshTopology;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Answers the mesh's query API from its image store ({@link MeshTopology#IMAGE_STORE}: one entry
 * per fact, keys {@code network/}, {@code host/}, {@code allocation/}, {@code block/},
 * {@code generation/}). A host's state is not stored as such (it is derived), so a query rebuilds
 * the image from the facts and asks {@link MeshImage#hostState}: the same code that decides what
 * is written, so the API cannot disagree with the topic. A scan per query; fine for an operator's
 * lookups, not meant for agents (they read their partition).
 *
 * <pre>{@code
 * MeshQueries q = new MeshQueries(() -> streams.store(...));
 * q.state("H1");   // 200 {hostId, generation, slices: {key: slice}}, 404 unknown host
 * q.peers("H1");   // 200 {hostId, peers: [Peer...]}
 * }</pre>
 */
public final class MeshQueries {
  private final Supplier<ReadOnlyKeyValueStore<String, byte[]>> store;

  public MeshQueries(Supplier<ReadOnlyKeyValueStore<String, byte[]>> store) {
    this.store = store;
  }

  /** The store key a request about {@code hostId} reads (for finding the owning instance). */
  public static String hostKey(String hostId) {
    return "host/" + hostId;
  }

  /** {@code GET /v1/hosts/{hostId}/state}: every slice the host must program. */
  public Answer state(String hostId) {
    String bad = Ids.check("hostId", hostId);
    if (bad != null) {
      return Answer.badRequest(bad);
    }
    MeshImage image = image();
    if (!image.hosts().containsKey(hostId)) {
      return Answer.notFound("unknown host " + hostId);
    }
    JsonObject slices = new JsonObject();
    image.hostState(hostId).forEach((k, v) -> slices.put(k, AvroJson.of(v).put("type", v.getClass().getSimpleName())));
    return Answer.ok(new JsonObject().put("hostId", hostId).put("generation", image.generation(hostId))
        .put("slices", slices));
  }

  /** {@code GET /v1/hosts/{hostId}/peers}: the host's mesh peer set, over all its networks. */
  public Answer peers(String hostId) {
    String bad = Ids.check("hostId", hostId);
    if (bad != null) {
      return Answer.badRequest(bad);
    }
    MeshImage image = image();
    if (!image.hosts().containsKey(hostId)) {
      return Answer.notFound("unknown host " + hostId);
    }
    JsonArray peers = new JsonArray();
    SortedMap<String, SpecificRecord> state = image.hostState(hostId);
    state.forEach((k, v) -> {
      if (v instanceof Peer p) {
        peers.add(AvroJson.of(p).put("key", k));
      }
    });
    return Answer.ok(new JsonObject().put("hostId", hostId).put("peers", peers));
  }

  /** Number of registered hosts (a prefix scan; for the hosts gauge). */
  public int hostCount() {
    int n = 0;
    try (KeyValueIterator<String, byte[]> it = store.get().prefixScan("host/", new StringSerializer())) {
      while (it.hasNext()) {
        it.next();
        n++;
      }
    }
    return n;
  }

  /** The image the store holds. */
  public MeshImage image() {
    List<ImageRecord> records = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = store.get().all()) {
      it.forEachRemaining(kv -> records.add(decode(kv.key, kv.value)));
    }
    return MeshImage.fromRecords(records);
  }

  // The inverse of ImageRecord#storeKey and the topology's store codec (package-private there).
  static ImageRecord decode(String storeKey, byte[] value) {
    int slash = storeKey.indexOf('/');
    String id = storeKey.substring(slash + 1);
    return switch (storeKey.substring(0, slash)) {
      case "network" -> new ImageRecord.Network(AvroBinary.decode(value, NetworkCreated.class));
      case "host" -> new ImageRecord.Host(AvroBinary.decode(value, HostRegistered.class));
      case "allocation" -> new ImageRecord.HeldAddress(id, AvroBinary.decode(value, Allocation.class));
      case "block" -> new ImageRecord.Block(id, AvroBinary.decode(value, BlockAffinity.class));
      case "generation" -> new ImageRecord.Generation(id, ByteBuffer.wrap(value).getLong());
      default -> throw new IllegalArgumentException("not a mesh image store key: " + storeKey);
    };
  }
}
