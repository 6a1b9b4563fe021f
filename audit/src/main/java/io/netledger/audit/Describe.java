package io.netledger.audit;

import io.netledger.allocator.ipam.OutputRecord;
import io.netledger.avro.Allocation;
import io.netledger.avro.BlockAffinity;
import io.netledger.avro.ContainerEvent;
import io.netledger.avro.ContainerStarted;
import io.netledger.avro.DnsRecord;
import io.netledger.avro.HostEvent;
import io.netledger.avro.HostRegistered;
import io.netledger.avro.NetworkCreated;
import io.netledger.avro.NetworkEvent;
import io.netledger.avro.Rejection;
import org.apache.avro.specific.SpecificRecord;

/** One-line human descriptions of events and derived records, for the tables. */
public final class Describe {
  private Describe() {}

  /** "ContainerStarted c-mongo (mongo) on H2 in managed" and the like. */
  public static String input(Step step) {
    if (step.input().event() == null) {
      Rejection r = (Rejection) step.input().rejection().value();
      return "undecodable " + step.key() + ": " + r.getMessage();
    }
    SpecificRecord env = step.input().event().envelope();
    Object payload = env instanceof ContainerEvent c ? c.getPayload()
        : env instanceof HostEvent h ? h.getPayload() : ((NetworkEvent) env).getPayload();
    String name = payload.getClass().getSimpleName() + " " + step.key();
    if (payload instanceof ContainerStarted s) {
      return name + " (" + s.getName() + ") on " + s.getHostId() + " in " + s.getNetworkId()
          + (s.getRequestedIp() != null ? " asking " + s.getRequestedIp() : "");
    }
    if (payload instanceof HostRegistered h) {
      return name + " underlay " + h.getUnderlayIp();
    }
    if (payload instanceof NetworkCreated n) {
      return name + " " + n.getCidr();
    }
    return name;
  }

  /** "allocations c-mongo: ALLOCATED 10.42.0.66 on H2" and the like. */
  public static String change(OutputRecord o) {
    String topic = shortTopic(o.topic());
    String head = topic + " " + o.key() + ": ";
    SpecificRecord v = o.value();
    if (v == null) {
      return head + "deleted";
    }
    if (v instanceof Allocation a) {
      return head + a.getState() + (a.getIp() != null ? " " + a.getIp() : "") + " on " + a.getHostId()
          + (a.getBorrowed() ? " (borrowed)" : "") + (a.getReason() != null ? " (" + a.getReason() + ")" : "");
    }
    if (v instanceof BlockAffinity b) {
      return head + "claimed by " + b.getHostId();
    }
    if (v instanceof DnsRecord d) {
      return head + String.join(",", d.getAddresses());
    }
    if (v instanceof Rejection r) {
      return topic + ": " + r.getReason() + " " + r.getMessage();
    }
    return head + v;
  }

  /** netledger.allocations.v1 -> allocations. */
  public static String shortTopic(String topic) {
    int a = topic.indexOf('.');
    int b = topic.lastIndexOf('.');
    return a >= 0 && b > a ? topic.substring(a + 1, b) : topic;
  }
}
