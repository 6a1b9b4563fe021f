/**
 * "A day in the life of a packet", the walkthrough's seed scenario: its events
 * ({@link io.netledger.devcluster.demo.SeedScenario}: stack rocket-chat, network managed
 * 10.42.0.0/16, rocketchat on H1, mongo and hubot on H2) and its narration on a running world
 * ({@link io.netledger.devcluster.demo.Walkthrough}: each step after the command a person would
 * type). {@code netledger demo} tells it; the end-to-end tests publish the same events.
 *
 * <pre>{@code
 * Walkthrough story = new Walkthrough(out, event -> "netledger publish ...");
 * try (PacketWorld world = story.build(dir)) {
 *   story.tell(world);
 * }
 * }</pre>
 */
package io.netledger.devcluster.demo;
