package io.netledger.audit;

import org.apache.avro.specific.SpecificRecord;

/**
 * One key on which a live view disagrees with the replay.
 *
 * @param topic the view's topic
 * @param key the key
 * @param expected what the replay of the log says (null: the key should not be there)
 * @param found what the live topic holds (null: the key is missing)
 * @param note set when the found value could not be decoded (then {@code found} is null)
 */
public record Difference(String topic, String key, SpecificRecord expected, SpecificRecord found, String note) {}
