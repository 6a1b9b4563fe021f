/**
 * The Infrastructure page's server (Vert.x): static page, server-sent events, the view as JSON and
 * a container's audit history.
 *
 * <pre>{@code
 * UiServer ui = UiServer.start(new UiConfig("127.0.0.1", 8090), HistorySource.NONE)
 *     .follow(bootstrap, new RegistrySerdes(RegistryConfig.connect(registryUrl), false));
 * ui.url();      // http://127.0.0.1:8090/
 * ui.close();
 * }</pre>
 */
package io.netledger.ui.server;
