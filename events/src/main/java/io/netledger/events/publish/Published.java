package io.netledger.events.publish;

/** Where an acknowledged event landed. */
public record Published(String topic, int partition, long offset, String key, String eventId) {
  @Override
  public String toString() {
    return topic + "/" + partition + "@" + offset;
  }
}
