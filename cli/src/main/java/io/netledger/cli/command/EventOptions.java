package io.netledger.cli.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netledger.avro.ContainerRemoved;
import io.netledger.avro.ContainerStarted;
import io.netledger.avro.ContainerStopped;
import io.netledger.avro.HostRegistered;
import io.netledger.avro.HostRemoved;
import io.netledger.avro.NetworkCreated;
import io.netledger.avro.NetworkDeleted;
import io.netledger.cli.ClusterOptions;
import io.netledger.devcluster.ClusterInfo;
import io.netledger.events.publish.EventPublisher;
import io.netledger.events.publish.Published;
import io.netledger.events.publish.PublisherConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Builds the {@code publish} subcommands from the input schemas: each Avro field becomes a flag
 * named after it in kebab-case ({@code containerId} -> {@code --container-id}), required when the
 * field has no default; a list field repeats its flag; a map field takes {@code key=value}.
 * picocli's annotations would need a hand-written class per event that must follow every schema
 * change; its programmatic model lets the schema be the only definition.
 */
public final class EventOptions {
  private EventOptions() {}

  /** Input payloads, by subcommand name. */
  public static final Map<String, Schema> EVENTS = events();

  private static Map<String, Schema> events() {
    Map<String, Schema> m = new LinkedHashMap<>();
    for (Schema s : List.of(NetworkCreated.SCHEMA$, NetworkDeleted.SCHEMA$, HostRegistered.SCHEMA$,
        HostRemoved.SCHEMA$, ContainerStarted.SCHEMA$, ContainerStopped.SCHEMA$, ContainerRemoved.SCHEMA$)) {
      m.put(kebab(s.getName()), s);
    }
    return m;
  }

  /** Adds one subcommand per input event to {@code publish}. */
  public static void register(CommandLine publish) {
    EVENTS.forEach((name, schema) -> publish.addSubcommand(name, new CommandLine(spec(name, schema))));
  }

  public static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }

  private static CommandSpec spec(String name, Schema schema) {
    ClusterOptions cluster = new ClusterOptions();
    Runner runner = new Runner(schema, cluster);
    CommandSpec spec = CommandSpec.wrapWithoutInspection(runner);
    runner.spec = spec;
    spec.name(name).mixinStandardHelpOptions(true);
    spec.usageMessage().description(schema.getDoc());
    for (Schema.Field f : schema.getFields()) {
      spec.addOption(option(f));
    }
    spec.addOption(OptionSpec.builder("--event-id").type(String.class)
        .description("Idempotency key of this event (default: a random UUID).").build());
    spec.addOption(OptionSpec.builder("--source").type(String.class).defaultValue("netledger-cli")
        .description("Who publishes (default: ${DEFAULT-VALUE}).").build());
    spec.addOption(OptionSpec.builder("--json").arity("0").type(boolean.class)
        .description("Print the result as one JSON object.").build());
    spec.addOption(OptionSpec.builder("--wait").arity("0").type(boolean.class)
        .description("Wait for the allocator's decision on this event: exit 0 when accepted (printing the"
            + " addresses it allocated), " + PublishWait.REFUSED + " when refused (printing the reason),"
            + " " + PublishWait.UNDECIDED + " when no decision arrived within --wait-timeout.").build());
    spec.addOption(OptionSpec.builder("--wait-timeout").type(java.time.Duration.class)
        .converters(new io.netledger.cli.DurationConverter()).defaultValue("10s")
        .description("How long --wait waits for the decision (default: ${DEFAULT-VALUE}).").build());
    spec.addMixin("cluster", CommandSpec.forAnnotatedObject(cluster));
    return spec;
  }

  /** The one record-array field, spelled as docker's {@code -p}: repeatable {@code --port}. */
  private static final String PORTS = "ports";

  private static OptionSpec option(Schema.Field f) {
    Schema type = nonNull(f.schema());
    if (f.name().equals(PORTS)) {
      return OptionSpec.builder("--port").type(List.class).auxiliaryTypes(String.class)
          .paramLabel("[hostIp:]hostPort:containerPort[/tcp|udp]")
          .description(f.doc() + " Repeatable.").build();
    }
    OptionSpec.Builder b = OptionSpec.builder("--" + kebab(f.name())).description(f.doc());
    switch (type.getType()) {
      case ARRAY -> b.type(List.class).auxiliaryTypes(String.class).paramLabel("<" + f.name() + ">");
      case MAP -> b.type(Map.class).auxiliaryTypes(String.class, String.class).paramLabel("<key=value>");
      case INT -> b.type(Integer.class).paramLabel("<int>");
      case BOOLEAN -> b.type(Boolean.class).arity("1").paramLabel("true|false");
      case ENUM -> b.type(String.class).paramLabel(String.join("|", type.getEnumSymbols()))
          .completionCandidates(type.getEnumSymbols());
      default -> b.type(String.class).paramLabel("<" + f.name() + ">");
    }
    boolean required = !f.hasDefaultValue() && type.getType() != Schema.Type.ARRAY
        && type.getType() != Schema.Type.MAP;
    b.required(required);
    if (f.hasDefaultValue() && f.defaultVal() != null && f.defaultVal() != org.apache.avro.JsonProperties.NULL_VALUE
        && !(f.defaultVal() instanceof java.util.Collection) && !(f.defaultVal() instanceof Map)) {
      b.description(f.doc() + " (default: " + f.defaultVal() + ")");
    }
    return b.build();
  }

  private static Schema nonNull(Schema s) {
    if (s.getType() == Schema.Type.UNION) {
      return s.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).findFirst().orElseThrow();
    }
    return s;
  }

  /** Turns the parsed flags into the generated payload class, applying schema defaults. */
  static SpecificRecord payload(Schema schema, CommandSpec spec) {
    GenericRecordBuilder b = new GenericRecordBuilder(schema);
    for (Schema.Field f : schema.getFields()) {
      boolean ports = f.name().equals(PORTS);
      Object v = spec.findOption(ports ? "--port" : "--" + kebab(f.name())).getValue();
      if (v == null) {
        continue;
      }
      Schema type = nonNull(f.schema());
      if (ports) {
        List<Object> mappings = new ArrayList<>();
        for (Object text : (List<?>) v) {
          mappings.add(portMapping(spec, type.getElementType(), text.toString()));
        }
        v = mappings;
      } else if (type.getType() == Schema.Type.ENUM) {
        String symbol = v.toString().toUpperCase(Locale.ROOT);
        if (!type.getEnumSymbols().contains(symbol)) {
          throw new CommandLine.ParameterException(spec.commandLine(), "--" + kebab(f.name()) + "='" + v
              + "': must be one of " + type.getEnumSymbols());
        }
        v = new GenericData.EnumSymbol(type, symbol);
      } else if (type.getType() == Schema.Type.ARRAY) {
        v = new ArrayList<>((List<?>) v);
      }
      b.set(f, v);
    }
    return (SpecificRecord) SpecificData.get().deepCopy(schema, b.build());
  }

  private static final java.util.regex.Pattern PORT_SPEC = java.util.regex.Pattern.compile(
      "(?:([^:/]+):)?([0-9]{1,5}):([0-9]{1,5})(?:/([A-Za-z]+))?");

  /**
   * Parses {@code [hostIp:]hostPort:containerPort[/tcp|udp]} into a PortMapping record; a text of
   * another shape is a usage error (exit 2). Ranges and the address are checked by the validator.
   */
  static Object portMapping(CommandSpec spec, Schema mapping, String text) {
    java.util.regex.Matcher m = PORT_SPEC.matcher(text);
    if (!m.matches()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--port='" + text
          + "': must be [hostIp:]hostPort:containerPort[/tcp|udp], e.g. 3000:3000 or 192.168.64.11:53:53/udp");
    }
    Schema protocol = mapping.getField("protocol").schema();
    String symbol = m.group(4) == null ? "TCP" : m.group(4).toUpperCase(Locale.ROOT);
    if (!protocol.getEnumSymbols().contains(symbol)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--port='" + text
          + "': the protocol must be tcp or udp");
    }
    return new GenericRecordBuilder(mapping)
        .set("hostIp", m.group(1))
        .set("hostPort", Integer.parseInt(m.group(2)))
        .set("containerPort", Integer.parseInt(m.group(3)))
        .set("protocol", new GenericData.EnumSymbol(protocol, symbol))
        .build();
  }

  private static final class Runner implements Callable<Integer> {
    private final Schema schema;
    private final ClusterOptions cluster;
    CommandSpec spec;

    Runner(Schema schema, ClusterOptions cluster) {
      this.schema = schema;
      this.cluster = cluster;
    }

    @Override
    public Integer call() throws Exception {
      SpecificRecord payload = payload(schema, spec);
      io.netledger.events.validate.EventValidator.validate(payload);
      ClusterInfo info = cluster.resolve();
      String eventId = spec.findOption("--event-id").getValue();
      String source = spec.findOption("--source").getValue();
      boolean json = Boolean.TRUE.equals(spec.findOption("--json").getValue());
      PublisherConfig config = PublisherConfig.of(info.bootstrapServers(), info.registryUrl(), source).withTls(cluster.tlsDir())
          .withTimeout(cluster.timeout);
      boolean wait = Boolean.TRUE.equals(spec.findOption("--wait").getValue());
      if (wait) {
        java.time.Duration waitTimeout = spec.findOption("--wait-timeout").getValue();
        return PublishWait.publishAndWait(config, payload, eventId == null ? UUID.randomUUID().toString() : eventId,
            waitTimeout, json, spec.commandLine().getOut(), spec.commandLine().getErr());
      }
      Published at;
      try (EventPublisher publisher = EventPublisher.create(config)) {
        at = publisher.publish(payload, eventId == null ? UUID.randomUUID().toString() : eventId);
      }
      var out = spec.commandLine().getOut();
      if (json) {
        out.println(new ObjectMapper().writeValueAsString(at));
      } else {
        out.printf("published %s %s (key %s, eventId %s)%n", schema.getName(), at, at.key(), at.eventId());
      }
      return 0;
    }
  }

  /** The flags a person would type to publish this event (fields left at their default omitted). */
  public static String flagsOf(SpecificRecord event) {
    StringBuilder sb = new StringBuilder();
    for (Schema.Field f : event.getSchema().getFields()) {
      Object v = event.get(f.pos());
      if (v == null || (v instanceof java.util.Collection<?> c && c.isEmpty())
          || (v instanceof Map<?, ?> m && m.isEmpty())
          || (f.hasDefaultValue() && String.valueOf(f.defaultVal()).equals(String.valueOf(v)))) {
        continue;
      }
      if (f.name().equals(PORTS)) {
        for (Object p : (List<?>) v) {
          org.apache.avro.generic.GenericRecord r = (org.apache.avro.generic.GenericRecord) p;
          sb.append(" --port ").append(r.get("hostIp") == null ? "" : r.get("hostIp") + ":")
              .append(r.get("hostPort")).append(':').append(r.get("containerPort"))
              .append('/').append(String.valueOf(r.get("protocol")).toLowerCase(Locale.ROOT));
        }
        continue;
      }
      String text = String.valueOf(v);
      sb.append(" --").append(kebab(f.name())).append(' ')
          .append(text.matches("[A-Za-z0-9_./:=-]+") ? text : "'" + text + "'");
    }
    return sb.toString();
  }
}
