package io.netledger.agent.calc;

import io.netledger.avro.HostStateSlice;
import io.netledger.avro.LocalEndpoint;
import io.netledger.avro.NetworkOnHost;
import io.netledger.avro.Peer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * The agent's own check of a host-state slice before any of it becomes an {@code ip -batch}
 * line, a swanctl.conf value, a resolv.conf line or a path (defence in depth: the mesh checked
 * its inputs, but the agent trusts no record on its partition). In: one slice. Out: what is wrong
 * with it, in words, empty when it may be programmed. Pure.
 *
 * <ul>
 *   <li>no string anywhere in the slice holds a control character (a newline would end a batch
 *       or file line and start another);
 *   <li>identifiers, interface names, addresses, MACs and prefixes have their strict forms;
 *   <li>a netns is a name under /run/netns, {@code /run/netns/<name>} or {@code /proc/<pid>/ns/net};
 *   <li>an IKE identity uses the DN charset the doors allow.
 * </ul>
 */
public final class SliceCheck {
  private SliceCheck() {}

  private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}\\u2028\\u2029\\u0085]");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}");
  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
  private static final Pattern DOMAIN = Pattern.compile("(?=.{1,253}$)" + LABEL.pattern() + "(\\." + LABEL.pattern() + ")*");
  private static final Pattern IFNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,14}");
  private static final Pattern IP = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9A-Fa-f:]{2,39}");
  private static final Pattern PREFIX = Pattern.compile("(" + IP.pattern() + ")/[0-9]{1,3}");
  /** A borrowed address: the mesh writes it as a host prefix ({@code a.b.c.d/32}), the bare address is taken too. */
  private static final Pattern HOST_ADDRESS = Pattern.compile("(" + IP.pattern() + ")(/32|/128)?");
  private static final Pattern MAC = Pattern.compile("[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}");
  private static final Pattern NETNS = Pattern.compile(
      "[A-Za-z0-9][A-Za-z0-9_.-]{0,127}|(?:/var)?/run/netns/[A-Za-z0-9][A-Za-z0-9_.-]{0,127}|/proc/[1-9][0-9]{0,9}/ns/net");
  private static final Pattern IKE_IDENTITY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 =,.@_:+/-]{0,254}");

  /** What is wrong with the slice; empty when every field has its form. Never throws. */
  public static List<String> problems(HostStateSlice s) {
    List<String> out = new ArrayList<>();
    try {
      controls("", s, out);
      if (!out.isEmpty()) {
        return out;
      }
      need(out, "hostId", s.getHostId(), ID);
      Object slice = s.getSlice();
      if (slice instanceof NetworkOnHost n) {
        need(out, "networkId", n.getNetworkId(), ID);
        need(out, "cidr", n.getCidr(), PREFIX);
        need(out, "dnsDomain", n.getDnsDomain(), DOMAIN);
        need(out, "tunnelIp", n.getTunnelIp(), IP);
        need(out, "tunnelMac", n.getTunnelMac(), MAC);
      } else if (slice instanceof LocalEndpoint e) {
        need(out, "containerId", e.getContainerId(), ID);
        need(out, "networkId", e.getNetworkId(), ID);
        need(out, "name", e.getName(), LABEL);
        optional(out, "service", e.getService(), LABEL);
        optional(out, "stack", e.getStack(), LABEL);
        need(out, "netns", e.getNetns(), NETNS);
        need(out, "interfaceName", e.getInterfaceName(), IFNAME);
        need(out, "ip", e.getIp(), IP);
        need(out, "mac", e.getMac(), MAC);
        need(out, "gateway", e.getGateway(), IP);
      } else if (slice instanceof Peer p) {
        need(out, "networkId", p.getNetworkId(), ID);
        need(out, "hostId", p.getHostId(), ID);
        need(out, "underlayIp", p.getUnderlayIp(), IP);
        need(out, "tunnelIp", p.getTunnelIp(), IP);
        need(out, "vtepMac", p.getVtepMac(), MAC);
        p.getBlocks().forEach(b -> need(out, "blocks", b, PREFIX));
        p.getBorrowed().forEach(b -> need(out, "borrowed", b, HOST_ADDRESS));
        optional(out, "ikeIdentity", p.getIkeIdentity(), IKE_IDENTITY);
      } else {
        out.add(slice == null ? "slice has no body" : "slice of unknown kind " + slice.getClass().getSimpleName());
      }
    } catch (RuntimeException e) {
      out.add("incomplete slice (" + e.getClass().getSimpleName() + ")");
    }
    return out;
  }

  private static void need(List<String> out, String field, String value, Pattern form) {
    if (value == null || !form.matcher(value).matches()) {
      out.add(field + "=" + (value == null ? "<missing>" : "'" + value + "'") + " is not a valid " + field);
    }
  }

  private static void optional(List<String> out, String field, String value, Pattern form) {
    if (value != null) {
      need(out, field, value, form);
    }
  }

  /** Every string of the record, at any depth, without control characters. */
  private static void controls(String path, Object v, List<String> out) {
    if (v instanceof CharSequence cs) {
      if (CONTROL.matcher(cs).find()) {
        out.add(path + " contains a control character (newline, tab, NUL...): refused");
      }
    } else if (v instanceof IndexedRecord r) {
      for (Schema.Field f : r.getSchema().getFields()) {
        controls(path.isEmpty() ? f.name() : path + "." + f.name(), r.get(f.pos()), out);
      }
    } else if (v instanceof Collection<?> c) {
      for (Object o : c) {
        controls(path, o, out);
      }
    } else if (v instanceof Map<?, ?> m) {
      m.forEach((k, x) -> {
        controls(path, k, out);
        controls(path, x, out);
      });
    }
  }
}
