/**
 * The "why" links: {@link io.netledger.ui.why.AuditHistory}, a
 * {@link io.netledger.ui.server.HistorySource} backed by the audit engine.
 *
 * <pre>{@code
 * LogSource log = new LogSource(bootstrap, registryUrl, Duration.ofSeconds(15), "netledger-allocator");
 * UiServer.start(config, new AuditHistory(log, AllocatorConfig.DEFAULT));
 * }</pre>
 */
package io.netledger.ui.why;
