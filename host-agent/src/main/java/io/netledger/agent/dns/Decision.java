package io.netledger.agent.dns;

import org.xbill.DNS.Message;

/** What {@link DnsAnswerer} decided for one query: a reply to send now, or forward upstream. */
public sealed interface Decision {

  /** Send {@code response}; {@code result} is what it counts as. */
  record Reply(Message response, QueryResult result) implements Decision {}

  /** Ask the upstream resolvers and relay their answer. */
  record Forward(Message query) implements Decision {}
}
