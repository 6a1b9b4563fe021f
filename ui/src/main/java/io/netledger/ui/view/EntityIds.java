package io.netledger.ui.view;

/**
 * Names of what the page draws, each rendered on its own by {@link ViewJson}: one per host, per
 * container and per network, and one each for the mesh, the rejections and the log's health. A
 * patch carries the entities that changed under these names.
 */
public final class EntityIds {
  private EntityIds() {}

  public static final String MESH = "mesh";
  public static final String REJECTIONS = "rejections";
  public static final String LOG = "log";

  public static String host(String id) {
    return "host:" + id;
  }

  public static String container(String id) {
    return "container:" + id;
  }

  public static String network(String id) {
    return "network:" + id;
  }
}
