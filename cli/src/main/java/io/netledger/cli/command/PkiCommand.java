package io.netledger.cli.command;

import io.netledger.cli.ClusterOptions;
import io.netledger.events.security.AclPlan;
import io.netledger.events.security.ClusterCa;
import io.netledger.events.security.KafkaTls;
import io.netledger.events.security.Principal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.acl.AclBinding;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code netledger pki init|issue}: the cluster CA and every principal's credentials. */
@Command(name = "pki", mixinStandardHelpOptions = true,
    description = "The cluster CA: create it, issue a principal's credentials (and, for a host, its Kafka ACLs).",
    subcommands = {PkiCommand.Init.class, PkiCommand.Issue.class})
public final class PkiCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "init", mixinStandardHelpOptions = true,
      description = "Create the cluster CA (ECDSA P-256) in --dir; an existing CA is kept.")
  public static final class Init implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dir", required = true, description = "Where the CA's key and certificate live.")
    Path dir;

    @Override
    public Integer call() {
      try {
        ClusterCa ca = ClusterCa.init(dir);
        spec.commandLine().getOut().println("cluster CA: " + ca.caCert() + " (key " + dir.resolve(ClusterCa.CA_KEY)
            + ", owner-only)");
        return 0;
      } catch (RuntimeException e) {
        spec.commandLine().getErr().println("pki init: " + e.getMessage());
        return 1;
      }
    }
  }

  /** Exactly one principal. */
  static final class Who {
    @Option(names = "--host", description = "A host (its Kafka user host-<ID>, also its IPsec identity).")
    String host;
    @Option(names = "--component", description = "allocator, mesh, gateway, audit, ui, broker.")
    String component;
    @Option(names = "--operator", description = "A person running the CLI.")
    String operator;
    @Option(names = "--orchestrator", description = "An orchestrator publishing lifecycle events.")
    String orchestrator;

    Principal principal() {
      if (host != null) {
        return Principal.host(host);
      }
      if (component != null) {
        return Principal.component(component);
      }
      if (operator != null) {
        return Principal.operator(operator);
      }
      return Principal.orchestrator(orchestrator);
    }
  }

  @Command(name = "issue", mixinStandardHelpOptions = true,
      description = {"Issue one principal's credentials: ca.pem and host.pem/host.key (a host) or"
          + " client.pem/client.key, the key readable by its owner only.",
          "--apply-acls also creates the principal's Kafka ACLs on the cluster (as the operator of cluster.json"
              + " or --tls-dir): how a new host joins a secure cluster."})
  public static final class Issue implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Who who;

    @Option(names = "--dir", description = "The CA's directory (default <data-dir>/pki, as `dev up` made it).")
    Path dir;

    @Option(names = "--out", description = "Where the credentials go (default ./<kafka user>).")
    Path out;

    @Option(names = "--ip", paramLabel = "ADDRESS", description = "An IP SAN (a server's listen address); repeatable.")
    List<String> ips = new ArrayList<>();

    @Option(names = "--apply-acls", description = "Create the principal's ACLs (hosts, orchestrators, operators).")
    boolean applyAcls;

    @Mixin
    ClusterOptions cluster;

    @Override
    public Integer call() {
      Principal p;
      try {
        p = who.principal();
      } catch (IllegalArgumentException e) {
        spec.commandLine().getErr().println("pki issue: " + e.getMessage());
        return 2;
      }
      try {
        ClusterCa ca = ClusterCa.open(dir != null ? dir : cluster.dataDir.resolve("pki"));
        Path target = out != null ? out : Path.of(p.kafkaUser());
        KafkaTls tls = ca.issue(p, target, ips);
        spec.commandLine().getOut().println(p.opensslSubject() + " (Kafka " + p.kafkaPrincipal() + "): "
            + tls.cert() + ", " + tls.key());
        if (applyAcls) {
          List<AclBinding> acls = switch (p.kind()) {
            case HOST -> AclPlan.host(p.name());
            case OPERATOR, ORCHESTRATOR -> AclPlan.inputWriter(p);
            case COMPONENT -> AclPlan.components().stream()
                .filter(b -> b.entry().principal().equals(p.kafkaPrincipal())).toList();
          };
          Properties admin = new Properties();
          admin.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.resolve().bootstrapServers());
          KafkaTls.applyTo(admin, cluster.tlsDir());
          try (Admin a = Admin.create(admin)) {
            a.createAcls(acls).all().get(cluster.timeout.toMillis(), TimeUnit.MILLISECONDS);
          }
          spec.commandLine().getOut().println(acls.size() + " ACL entries for " + p.kafkaPrincipal());
        }
        return 0;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 1;
      } catch (Exception e) {
        Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
        spec.commandLine().getErr().println("pki issue: " + cause.getMessage());
        return 1;
      }
    }
  }
}
