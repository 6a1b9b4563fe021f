package io.netledger.agent.metadata;

import static io.netledger.agent.metadata.MetadataFixtures.*;
import static org.junit.jupiter.api.Assertions.*;

import io.netledger.agent.metadata.NetworkTree.Shape;
import io.netledger.avro.LocalEndpoint;
import io.netledger.events.net.Ipv4;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The tree of the golden view, as mongo (network managed) and secret (network other) see it, in both formats. */
class NetworkTreeTest {
  private final MetadataView view = golden();

  private Map<String, Object> root(String ip, Shape shape) {
    LocalEndpoint asker = view.endpointAt(Ipv4.parse(ip)).orElseThrow();
    return view.tree(asker.getNetworkId()).root(shape, asker, view.version(asker.getNetworkId()),
        MetadataDocuments.container(asker, view), MetadataDocuments.host(view, asker));
  }

  private Optional<Object> at(String ip, Shape shape, String path) {
    return TreeFormat.at(root(ip, shape), Arrays.asList(path.split("/")));
  }

  private String text(String path) {
    return TreeFormat.text(at(MONGO_IP, Shape.V2, path).orElseThrow(() -> new AssertionError("no " + path)));
  }

  @Test
  void rootListsTheTopLevelPathsWithSubtreesMarked() {
    assertEquals("containers/\nhosts/\nself/\nservices/\nstacks/\nversion\n", TreeFormat.text(root(MONGO_IP, Shape.V2)));
    assertEquals("container/\nhost/\nservice/\nstack/\n", text("self"));
  }

  @Test
  void containersAreTheNetworksOwnOnEveryHostInCreationOrder() {
    assertEquals("0=rocketchat\n1=mongo\n2=hubot-1\n3=hubot-2\n", text("containers"));
    assertEquals("0=secret\n", TreeFormat.text(at(SECRET_IP, Shape.V2, "containers").orElseThrow()));
  }

  @Test
  void aContainerHasRancherFieldsDrilledByIndexOrName() {
    assertEquals(MONGO_IP, text("containers/1/primary_ip"));
    assertEquals(MONGO_IP, text("containers/mongo/primary_ip"));
    assertEquals("0=" + MONGO_IP + "\n", text("containers/mongo/ips"));
    assertEquals("h1", text("containers/hubot-2/hostname"));
    assertEquals("H1", text("containers/hubot-2/host_uuid"));
    assertEquals("2", text("containers/hubot-2/service_index"));
    assertEquals("4", text("containers/hubot-2/create_index"));
    assertEquals("io.rancher.stack.name\nrole\n", text("containers/mongo/labels"));
    assertEquals("db", text("containers/mongo/labels/role"));
    assertEquals("create_index\nhost_uuid\nhostname\nips/\nlabels/\nmac\nname\nnetwork_uuid\nprimary_ip\n"
        + "primary_mac_address\nservice_index\nservice_name\nstack_name\nstate\nuuid\n", text("containers/0"));
  }

  @Test
  void servicesCountLiveContainersAndShareOnlyCommonLabels() {
    assertEquals("0=hubot\n1=mongo\n2=rocketchat\n", text("services"));
    assertEquals("containers/\nfqdn\nkind\nlabels/\nname\nscale\nstack_name\n", text("services/hubot"));
    assertEquals("2", text("services/hubot/scale"));
    assertEquals("hubot.rocket-chat.rancher.internal", text("services/hubot/fqdn"));
    assertEquals("role\n", text("services/hubot/labels"));
    assertEquals("0=hubot-1\n1=hubot-2\n", text("services/hubot/containers"));
    assertEquals("10.42.0.3", text("services/hubot/containers/hubot-2/primary_ip"), "V2: container objects");
  }

  @Test
  void version1ListsNamesWhereVersion2HasObjects() {
    assertEquals(List.of("hubot-1", "hubot-2"), at(MONGO_IP, Shape.V1, "services/hubot/containers").orElseThrow());
    assertEquals(List.of("hubot", "mongo", "rocketchat"), at(MONGO_IP, Shape.V1, "stacks/rocket-chat/services").orElseThrow());
    assertEquals("hubot-2", TreeFormat.text(at(MONGO_IP, Shape.V1, "services/hubot/containers/1").orElseThrow()));
    assertEquals(Optional.empty(), at(MONGO_IP, Shape.V1, "services/hubot/containers/1/primary_ip"));
    assertEquals("0=hubot\n1=mongo\n2=rocketchat\n", text("stacks/rocket-chat/services"));
  }

  @Test
  void hostsAreThisHostAndThePeersOfTheAskersNetworkOnly() {
    assertEquals("0=h1\n1=h2\n", text("hosts"), "by host id");
    assertEquals("192.0.2.11", text("hosts/h1/agent_ip"));
    assertEquals("a", text("hosts/h1/labels/zone"));
    assertEquals("0=h2\n1=h3\n", TreeFormat.text(at(SECRET_IP, Shape.V2, "hosts").orElseThrow()));
  }

  @Test
  void selfIsTheAskersContainerServiceStackAndHost() {
    assertEquals("mongo", text("self/container/name"));
    assertEquals("c-mongo", text("self/container/containerId"), "the fields answered before stay");
    assertEquals("rancher.internal", text("self/container/dnsDomain"));
    assertEquals("mongo", text("self/service/name"));
    assertEquals("rocket-chat", text("self/stack/name"));
    assertEquals("h2", text("self/host/name"));
    assertEquals(H2_UNDERLAY, text("self/host/agent_ip"));
    assertEquals("b", text("self/host/labels/zone"));
    assertEquals(H2, text("self/host/hostId"));
    assertEquals("secret", TreeFormat.text(at(SECRET_IP, Shape.V2, "self/container/name").orElseThrow()));
  }

  @Test
  void jsonIsTheSameNode() {
    JsonObject hubot = new JsonObject(TreeFormat.json(at(MONGO_IP, Shape.V2, "services/hubot").orElseThrow()));
    assertEquals(2, hubot.getInteger("scale"));
    assertEquals("hubot-1", hubot.getJsonArray("containers").getJsonObject(0).getString("name"));
    assertEquals("\"" + MONGO_IP + "\"", TreeFormat.json(at(MONGO_IP, Shape.V2, "self/container/primary_ip").orElseThrow()));
    JsonObject v1 = new JsonObject(TreeFormat.json(at(MONGO_IP, Shape.V1, "services/hubot").orElseThrow()));
    assertEquals("hubot-2", v1.getJsonArray("containers").getString(1));
  }

  @Test
  void pathsThatNameNothingAreEmpty() {
    assertEquals(Optional.empty(), at(MONGO_IP, Shape.V2, "containers/secret"));
    assertEquals(Optional.empty(), at(MONGO_IP, Shape.V2, "containers/9"));
    assertEquals(Optional.empty(), at(MONGO_IP, Shape.V2, "nothing"));
    assertEquals(Optional.empty(), at(MONGO_IP, Shape.V2, "self/container/primary_ip/deeper"));
  }
}
