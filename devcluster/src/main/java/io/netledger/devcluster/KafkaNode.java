package io.netledger.devcluster;

/**
 * Where one KRaft node of a dev cluster listens: its id, address, client port, controller port,
 * and the network namespace it runs in (null: this one). Fixed for the node's life, so a node
 * that is killed and restarted comes back on the same address and the others find it.
 *
 * @param netns a namespace made by the test world ({@code ip netns exec}), or null
 */
public record KafkaNode(int id, String address, int port, int controllerPort, String netns) {
  public KafkaNode {
    if (id < 1) {
      throw new IllegalArgumentException("node ids start at 1, not " + id);
    }
  }

  /** The address as it goes in a listener or voter string (IPv6 bracketed). */
  public String host() {
    return address.contains(":") ? "[" + address + "]" : address;
  }

  /** {@code host:port} of its client listener. */
  public String bootstrap() {
    return host() + ":" + port;
  }

  /** Its entry in {@code controller.quorum.voters}: {@code id@host:controllerPort}. */
  public String voter() {
    return id + "@" + host() + ":" + controllerPort;
  }
}
