package io.netledger.agent.metadata;

import static io.netledger.agent.metadata.MetadataFixtures.*;
import static org.junit.jupiter.api.Assertions.*;

import io.netledger.agent.runtime.MetadataListener;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The agent's MetadataListener publishes a view only once its trees are built, off the loop thread. */
class MetadataPublishingTest {

  @Test
  void aViewIsPublishedWithItsTreesBuiltOffTheCallersThread() throws Exception {
    MetadataListener listener = new MetadataListener(H2, H2_UNDERLAY);
    CountDownLatch published = new CountDownLatch(1);
    AtomicReference<String> thread = new AtomicReference<>();
    listener.onChange(() -> {
      thread.set(Thread.currentThread().getName());
      published.countDown();
    });
    MetadataView empty = listener.view().get();
    for (var a : List.of(ROCKETCHAT, mongo(MONGO_IP), HUBOT_1)) {
      listener.onAllocation(a.getOwnerId(), a);
    }
    listener.onHostState("H2/network/managed", wrap(network(MANAGED, "rancher.internal", "10.42.0.64")));
    listener.onBatchEnd();
    assertTrue(published.await(10, TimeUnit.SECONDS), "the new view is published");
    MetadataView v = listener.view().get();
    assertNotSame(empty, v);
    assertEquals(3, v.containersOf(MANAGED).size());
    assertEquals("metadata-trees-H2", thread.get());
    long start = System.nanoTime();
    assertNotNull(v.tree(MANAGED));
    assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(50), "the tree was already built");
    listener.close();
  }

  @Test
  void aBatchThatChangesNothingPublishesNothing() {
    MetadataListener listener = new MetadataListener(H2, H2_UNDERLAY);
    listener.onChange(() -> fail("nothing changed"));
    listener.onBatchEnd();
    listener.close();
  }
}
