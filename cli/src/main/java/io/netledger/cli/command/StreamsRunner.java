package io.netledger.cli.command;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;

/**
 * Runs one Streams application in the foreground until Ctrl-C: starts it, reports when it is
 * RUNNING, closes it gracefully (committing its last transaction) on shutdown. A stream thread
 * that dies replaces itself rather than leaving the app half alive; an app that reaches ERROR
 * ends the command with exit 1.
 */
final class StreamsRunner {
  private StreamsRunner() {}

  static int run(String name, Topology topology, Properties config, PrintWriter out, Duration startTimeout)
      throws InterruptedException {
    KafkaStreams streams = new KafkaStreams(topology, config);
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    streams.setStateListener((now, before) -> {
      if (now == KafkaStreams.State.RUNNING) {
        running.countDown();
      }
      if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
        done.countDown();
      }
    });
    streams.setUncaughtExceptionHandler(e ->
        StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      streams.close(Duration.ofSeconds(30));
      done.countDown();
    }, name + "-stop"));
    long t0 = System.nanoTime();
    streams.start();
    if (running.await(startTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
      out.printf("%s running (%.1f s)%n", name, (System.nanoTime() - t0) / 1e9);
    } else {
      out.printf("%s not RUNNING after %d s (state %s); still trying%n", name, startTimeout.toSeconds(), streams.state());
    }
    out.flush();
    done.await();
    return streams.state() == KafkaStreams.State.ERROR ? 1 : 0;
  }
}
