package io.netledger.agent.dns;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The names of one network: its record sets and the names that exist only because something
 * lives below them (empty non-terminals such as {@code rocket-chat.rancher.internal} when
 * {@code hubot.rocket-chat.rancher.internal} exists).
 *
 * <p>Empty non-terminals matter: answering NXDOMAIN for one would tell an RFC 8020 resolver that
 * nothing below it exists either, hiding every service of the stack.
 */
public final class NetworkNames {
  static final NetworkNames EMPTY = new NetworkNames(Map.of());

  private final Map<String, ARecordSet> records;
  private final Set<String> nonTerminals;

  NetworkNames(Map<String, ARecordSet> records) {
    this.records = Collections.unmodifiableMap(new HashMap<>(records));
    Set<String> ents = new HashSet<>();
    for (String fqdn : records.keySet()) {
      for (String a : DnsNames.ancestors(fqdn)) {
        if (!ents.add(a)) {
          break; // its ancestors are already in
        }
      }
    }
    this.nonTerminals = Collections.unmodifiableSet(ents);
  }

  public Optional<ARecordSet> records(String fqdn) {
    return Optional.ofNullable(records.get(fqdn));
  }

  /** True when the name has records or has names below it. */
  public boolean exists(String fqdn) {
    return records.containsKey(fqdn) || nonTerminals.contains(fqdn);
  }

  public Map<String, ARecordSet> all() {
    return records;
  }

  public boolean isEmpty() {
    return records.isEmpty();
  }
}
