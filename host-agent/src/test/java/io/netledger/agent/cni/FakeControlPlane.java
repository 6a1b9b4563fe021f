package io.netledger.agent.cni;

import io.netledger.agent.dataplane.ApplyReport;
import io.netledger.agent.kernel.Address;
import io.netledger.agent.kernel.FakeKernel;
import io.netledger.agent.kernel.Link;
import io.netledger.agent.kernel.Namespace;
import io.netledger.avro.ContainerRemoved;
import io.netledger.avro.ContainerStarted;
import io.netledger.avro.Encryption;
import io.netledger.avro.HostStateSlice;
import io.netledger.avro.InputCoordinates;
import io.netledger.avro.LocalEndpoint;
import io.netledger.avro.NetworkOnHost;
import io.netledger.avro.Rejection;
import io.netledger.avro.RejectionReason;
import io.netledger.events.publish.Published;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.specific.SpecificRecord;

/**
 * Stands in for allocator + mesh + the agent loop: a published ContainerStarted becomes an
 * endpoint slice and kernel objects (unless the network is "full", then a rejection); a
 * ContainerRemoved takes them away. Synchronous, so tests need no sleeps.
 */
final class FakeControlPlane implements CniService.Publisher, CniService.Rejections {
  final FakeKernel kernel = new FakeKernel();
  final EndpointWatch watch = new EndpointWatch();
  final List<SpecificRecord> published = new CopyOnWriteArrayList<>();
  final Map<Long, Rejection> rejections = new HashMap<>();
  final Map<String, LocalEndpoint> live = new HashMap<>();
  boolean full;
  boolean programKernel = true;
  /** Container namespaces the fake agent loop reports as programmed. */
  final Set<Namespace> inKernel = new HashSet<>();
  private int nextIp = 2;

  FakeControlPlane() {
    watch.onHostState("H1/network/managed", slice(NetworkOnHost.newBuilder().setNetworkId("managed")
        .setCidr("10.42.0.0/16").setVni(42).setMtu(1450).setRoutingTable(1042).setEncryption(Encryption.NONE)
        .setDnsDomain("rancher.internal").setTunnelIp("10.42.0.1").setTunnelMac("02:00:00:00:00:01").build()));
    watch.onCaughtUp();
  }

  private static HostStateSlice slice(Object s) {
    return HostStateSlice.newBuilder().setHostId("H1").setGeneration(1).setOccurredAt(Instant.EPOCH)
        .setCause(new InputCoordinates("netledger.containers.v1", 0, 0L, null)).setSlice(s).build();
  }

  @Override
  public synchronized Published publish(SpecificRecord payload) {
    published.add(payload);
    long offset = published.size() - 1;
    if (payload instanceof ContainerStarted s) {
      if (full) {
        rejections.put(offset, Rejection.newBuilder().setReason(RejectionReason.values()[0])
            .setMessage("network managed has no free address").setInput(new InputCoordinates("netledger.containers.v1", 0, offset, null))
            .setRejectedBy("allocator-stream").setOccurredAt(Instant.EPOCH).build());
      } else {
        LocalEndpoint e = live.computeIfAbsent(s.getContainerId(), id -> LocalEndpoint.newBuilder()
            .setContainerId(id).setNetworkId(s.getNetworkId()).setName(s.getName()).setNetns(s.getNetns())
            .setIp("10.42.0." + nextIp++).setPrefixLength(16).setMac("02:42:0a:2a:00:0" + (nextIp - 1))
            .setGateway("10.42.0.1").setMtu(1450).build());
        watch.onHostState("H1/endpoint/" + e.getContainerId(), slice(e));
        Namespace ns = Namespace.of(e.getNetns());
        if (programKernel) {
          kernel.createNamespace(ns);
          kernel.put(ns, Link.vethEnd("eth0", 1450, e.getMac()));
          kernel.put(ns, new Address("eth0", e.getIp() + "/16"));
        }
        inKernel.remove(ns);
        if (programKernel) {
          inKernel.add(ns);
        }
        watch.onApplied(report());
      }
    } else if (payload instanceof ContainerRemoved r) {
      LocalEndpoint e = live.remove(r.getContainerId());
      watch.onHostState("H1/endpoint/" + r.getContainerId(), null);
      if (e != null && programKernel) {
        kernel.remove(Namespace.of(e.getNetns()), new Address("eth0", e.getIp() + "/16"));
      }
      if (e != null) {
        inKernel.remove(Namespace.of(e.getNetns()));
      }
      watch.onApplied(report());
    }
    return new Published("netledger.containers.v1", 0, offset, "k", "e" + offset);
  }

  private ApplyReport report() {
    return new ApplyReport(1, List.of(), 0, List.of(), inKernel);
  }

  @Override
  public synchronized Optional<Rejection> of(String topic, int partition, long offset) {
    return Optional.ofNullable(rejections.get(offset));
  }
}
