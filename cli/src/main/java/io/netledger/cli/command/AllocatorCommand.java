package io.netledger.cli.command;

import io.netledger.allocator.app.AllocatorApp;
import io.netledger.allocator.app.AllocatorAppConfig;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code netledger allocator}: runs allocator-stream with its query API, configured as
 * {@link StreamsAppOptions} says (plus {@code quarantine}). While it runs it writes its API URL to
 * {@code <data-dir>/api/allocator.url}, which {@code netledger get} reads.
 */
@Command(name = "allocator", mixinStandardHelpOptions = true,
    description = "Run allocator-stream: addresses, blocks and DNS records from the input log (exactly-once), "
        + "with its query API (default http://127.0.0.1:" + AllocatorAppConfig.DEFAULT_HTTP_PORT + ").")
public final class AllocatorCommand implements Callable<Integer> {
  @Mixin
  StreamsAppOptions app;

  @Option(names = "--quarantine",
      description = "Allocations in a network before a released address is handed out again (default 64).")
  Integer quarantine;

  @Option(names = "--event-window",
      description = "How many of the last inputs' eventIds a repeat is refused among (DUPLICATE_EVENT); 0 turns it off "
          + "(default 100000). audit needs the same value.")
  Integer eventWindow;

  @Override
  public Integer call() throws Exception {
    Properties p = app.properties(AllocatorAppConfig.DEFAULT_APPLICATION_ID,
        io.netledger.events.security.AclPlan.ALLOCATOR.kafkaUser());
    StreamsAppOptions.put(p, AllocatorAppConfig.QUARANTINE, quarantine);
    StreamsAppOptions.put(p, AllocatorAppConfig.EVENT_WINDOW, eventWindow);
    AllocatorAppConfig c;
    try {
      c = AllocatorAppConfig.from(p);
    } catch (IllegalArgumentException e) {
      throw app.invalid(e);
    }
    return app.runUntilStopped("allocator-stream", "allocator", AllocatorApp.start(c), c.app().httpHost());
  }
}
