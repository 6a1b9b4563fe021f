package io.netledger.events.topic;

/** The one kind of program allowed to write a topic. */
public enum Writer {
  /** Orchestrators through the EventPublisher, the CLI, the gateway, the CNI plugin, agents registering their host. */
  ORCHESTRATOR("orchestrators"),
  ALLOCATOR("allocator-stream"),
  MESH("mesh-stream"),
  AGENT("host-agent");

  private final String module;

  Writer(String module) {
    this.module = module;
  }

  public String module() {
    return module;
  }
}
