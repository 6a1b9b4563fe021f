/**
 * Bench commands: each a {@code main} that starts its own cluster or world (or names what it
 * expects running) and prints its figures last. Run one with {@code bench/run NAME [args]}, e.g.
 * {@code bench/run CniLatencyBench 40}. Nothing depends on this package.
 */
package io.netledger.bench;
