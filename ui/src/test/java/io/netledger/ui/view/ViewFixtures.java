package io.netledger.ui.view;

/** The seed image for tests of other packages. */
public final class ViewFixtures {
  private ViewFixtures() {}

  public static InfraImage seed() {
    return SeedLog.replay(SeedLog.seed().records());
  }

  /** {@code image} after the container's allocation was released. */
  public static InfraImage stop(InfraImage image, String containerId, String hostId) {
    SeedLog l = new SeedLog();
    l.release(containerId, hostId);
    InfraDelta d = image.delta();
    l.records().forEach(d::replay);
    return d.apply();
  }
}
