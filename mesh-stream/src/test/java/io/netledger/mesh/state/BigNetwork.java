package io.netledger.mesh.state;

import io.netledger.avro.Allocation;
import io.netledger.avro.AllocationState;
import io.netledger.avro.BlockAffinity;
import io.netledger.avro.HostEvent;
import io.netledger.avro.HostRegistered;
import io.netledger.avro.InputCoordinates;
import io.netledger.avro.NetworkCreated;
import io.netledger.avro.NetworkEvent;
import io.netledger.events.net.Cidr;
import io.netledger.events.net.Ipv4;
import io.netledger.events.topic.Topics;
import java.time.Instant;

/**
 * A generated cluster for sizing: {@code hosts} hosts in one network 10.0.0.0/8 (VNI 1), each
 * claiming one /26 as its first container starts, taking the block's first address as its host
 * address and holding {@code containersPerHost} containers. Records are replayed one per delta,
 * as the Streams processor does, and each record's output count goes to a listener.
 */
public final class BigNetwork {
  public static final String NET = "big";
  public static final Cidr POOL = Cidr.parse("10.0.0.0/8");

  /** What a record was, for counting output per kind of input. */
  public enum Kind { NETWORK, HOST, BLOCK_CLAIM, HOST_ADDRESS, CONTAINER_START, CONTAINER_STOP }

  public interface Listener {
    void replayed(Kind kind, MeshDelta delta);
  }

  public MeshImage image = MeshImage.EMPTY;
  /** How the deltas deliver peers; PER_HOST unless a test says otherwise. */
  public PeerFanout fanout = PeerFanout.PER_HOST;
  private long offset;

  private InputCoordinates at(String topic) {
    return new InputCoordinates(topic, 0, offset++, null);
  }

  private void step(Kind kind, Listener listener, java.util.function.Consumer<MeshDelta> replay) {
    MeshDelta d = new MeshDelta(image, fanout);
    replay.accept(d);
    image = d.apply();
    listener.replayed(kind, d);
  }

  public static Cidr blockOf(int host) {
    return new Cidr(POOL.base().plus(64L * host), 26);
  }

  public static String hostId(int host) {
    return "host-" + host;
  }

  public static String containerId(int host, int container) {
    return "c-" + host + "-" + container;
  }

  /** Replays the whole cluster: network, hosts, then every host's containers in turn. */
  public BigNetwork build(int hosts, int containersPerHost, Listener listener) {
    NetworkCreated n = NetworkCreated.newBuilder().setNetworkId(NET).setName(NET).setCidr(POOL.toString())
        .setVni(1).build();
    step(Kind.NETWORK, listener, d -> d.replay(NET, new NetworkEvent("n", Instant.EPOCH, "bench", n),
        at(Topics.NETWORKS.name())));
    for (int h = 0; h < hosts; h++) {
      HostRegistered r = HostRegistered.newBuilder().setHostId(hostId(h)).setHostname(hostId(h))
          .setUnderlayIp(new Ipv4(Ipv4.parse("100.64.0.0").value() + h + 1).toString()).build();
      step(Kind.HOST, listener, d -> d.replay(r.getHostId(), new HostEvent("h", Instant.EPOCH, "bench", r),
          at(Topics.HOSTS.name())));
    }
    for (int h = 0; h < hosts; h++) {
      for (int c = 0; c < containersPerHost; c++) {
        start(h, c, listener);
      }
    }
    return this;
  }

  /** A container start as the allocator writes it (block claim and host address first on a new host). */
  public void start(int host, int container, Listener listener) {
    Cidr block = blockOf(host);
    String h = hostId(host);
    if (container == 0) {
      BlockAffinity b = new BlockAffinity(NET, block.toString(), h, Instant.EPOCH, at("in"));
      step(Kind.BLOCK_CLAIM, listener, d -> d.replayBlock(NET + "/" + block, b, at(Topics.IPAM_BLOCKS.name()),
          Instant.EPOCH));
      Allocation ha = MeshLog.hostAllocation(h, NET, block.first().plus(1).toString(), block.toString());
      step(Kind.HOST_ADDRESS, listener, d -> d.replayAllocation("host/" + h + "/" + NET, ha,
          at(Topics.ALLOCATIONS.name()), Instant.EPOCH));
    }
    step(Kind.CONTAINER_START, listener, d -> d.replayAllocation(containerId(host, container),
        allocation(host, container, AllocationState.ALLOCATED), at(Topics.ALLOCATIONS.name()), Instant.EPOCH));
  }

  /** A container stop: the allocator marks its address RELEASED. */
  public void stop(int host, int container, Listener listener) {
    step(Kind.CONTAINER_STOP, listener, d -> d.replayAllocation(containerId(host, container),
        allocation(host, container, AllocationState.RELEASED), at(Topics.ALLOCATIONS.name()), Instant.EPOCH));
  }

  public static Allocation allocation(int host, int container, AllocationState state) {
    Cidr block = blockOf(host);
    Allocation a = MeshLog.containerAllocation(containerId(host, container), hostId(host), NET,
        block.first().plus(2 + container).toString(), block.toString(), false, "svc", "stack");
    a.setState(state);
    return a;
  }
}
