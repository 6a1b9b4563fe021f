package io.netledger.devcluster;

import io.netledger.events.security.KafkaTls;
import io.netledger.events.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A secure broker's settings: its own credentials (the {@code broker} principal, IP SANs of every
 * node's address) and the super users. Applied by {@link KafkaBroker#properties}, the one place
 * broker config is built.
 *
 * @param superUsers Kafka users allowed everything: the brokers themselves (they replicate and
 *     run the quorum as {@code broker}) and the operator that creates topics and ACLs
 */
public record BrokerSecurity(KafkaTls credentials, List<String> superUsers) {
  static final String SSL = "SSL";
  static final String CONTROLLER = "CONTROLLER";

  public BrokerSecurity {
    superUsers = List.copyOf(superUsers);
  }

  void applyTo(Properties p, KafkaNode self) {
    String host = self.host();
    p.setProperty("listeners", SSL + "://" + host + ":" + self.port() + "," + CONTROLLER + "://" + host + ":"
        + self.controllerPort());
    p.setProperty("advertised.listeners", SSL + "://" + host + ":" + self.port());
    p.setProperty("inter.broker.listener.name", SSL);
    // The controller listener is TLS too: a quorum member is a broker principal like any other,
    // and nobody else may vote or fetch metadata.
    p.setProperty("listener.security.protocol.map", SSL + ":SSL," + CONTROLLER + ":SSL");
    Map<String, String> client = credentials.clientProperties();
    client.remove("security.protocol");
    // Top-level ssl.* apply to every listener and to the broker's own client side (replication,
    // controller RPCs), which verifies its peers' IP SANs like any client.
    client.forEach(p::setProperty);
    p.setProperty("ssl.client.auth", "required");
    p.setProperty("ssl.principal.mapping.rules", Principal.kafkaMappingRules());
    p.setProperty("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
    p.setProperty("allow.everyone.if.no.acl.found", "false");
    p.setProperty("super.users", String.join(";", superUsers.stream().map(u -> "User:" + u).toList()));
  }
}
