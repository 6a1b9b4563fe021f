package io.netledger.mesh.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Output records per input record at 10, 100 and 1,000 hosts in one network, 30 containers each,
 * one block per host. A container start on a host already in the network writes exactly one
 * record (its endpoint); a host joining the network writes its network slice plus a Peer each way
 * with every other participant, which a full mesh must do; nothing else grows with the cluster.
 * The figures are printed (target/surefire-reports/*WriteAmplificationTest-output.txt).
 */
class WriteAmplificationTest {
  static final int CONTAINERS = 30;

  @ParameterizedTest
  @ValueSource(ints = {10, 100, 1000})
  void outputPerInputStaysConstantPerContainerStart(int hosts) {
    Map<BigNetwork.Kind, long[]> byKind = new EnumMap<>(BigNetwork.Kind.class); // {inputs, outputs, max}
    BigNetwork net = new BigNetwork().build(hosts, CONTAINERS, (kind, d) -> {
      long[] s = byKind.computeIfAbsent(kind, k -> new long[3]);
      int out = d.changes().size();
      s[0]++;
      s[1] += out;
      s[2] = Math.max(s[2], out);
      assertEquals(0, d.rejections().size());
    });
    long steadyStarts = byKind.get(BigNetwork.Kind.CONTAINER_START)[0];
    long inputs = byKind.values().stream().mapToLong(s -> s[0]).sum();
    long outputs = byKind.values().stream().mapToLong(s -> s[1]).sum();

    // A start in a held block: its endpoint only, whatever the cluster size.
    assertEquals(1, byKind.get(BigNetwork.Kind.CONTAINER_START)[2], "max records per container start");
    // Block claim before the host address: the host does not take part yet, nothing to tell.
    assertEquals(0, byKind.get(BigNetwork.Kind.BLOCK_CLAIM)[1]);
    // Joining: own network slice + (participants - 1) peers each way.
    assertTrue(byKind.get(BigNetwork.Kind.HOST_ADDRESS)[2] <= 2L * (hosts - 1) + 1);
    assertEquals((long) hosts * (hosts - 1) + hosts, byKind.get(BigNetwork.Kind.HOST_ADDRESS)[1]);
    assertEquals((long) hosts * ((hosts - 1) + 1 + CONTAINERS), outputs, "every slice written once");
    assertEquals(hosts * ((hosts - 1) + 1 + CONTAINERS),
        net.image.hostState(BigNetwork.hostId(0)).size() * hosts);

    // A steady-state stop and start again: one record each.
    long[] churn = {0};
    net.stop(hosts / 2, 7, (k, d) -> churn[0] += d.changes().size());
    net.start(hosts / 2, 7, (k, d) -> churn[0] += d.changes().size());
    assertEquals(2, churn[0]);

    System.out.printf("hosts=%d containers/host=%d inputs=%d outputs=%d outputs/input=%.2f"
            + " outputs/container-start(amortized incl. join)=%.2f%n",
        hosts, CONTAINERS, inputs, outputs, (double) outputs / inputs, (double) outputs / steadyStarts);
    byKind.forEach((k, s) -> System.out.printf("  %-16s inputs=%d outputs=%d outputs/input=%.2f max=%d%n",
        k, s[0], s[1], (double) s[1] / s[0], s[2]));
    System.out.printf("  steady-state stop+start of one container: %d records%n", churn[0]);
  }
}
