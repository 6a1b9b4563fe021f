/**
 * The Infrastructure view as a pure image of the log: {@link io.netledger.ui.view.InfraImage}
 * (immutable) plus {@link io.netledger.ui.view.InfraDelta} (one {@code replay} per record, then
 * {@code apply()} and {@code changed()}), and {@link io.netledger.ui.view.ViewJson}, which renders
 * each entity the page draws. No clock, no I/O: the feed, the server and the tests share it.
 *
 * <pre>{@code
 * InfraDelta d = InfraImage.EMPTY.delta();
 * d.replay(new LogRecord("netledger.allocations.v1", 0, 0, "c-mongo", allocation));
 * InfraImage image = d.apply();
 * ViewJson.render(image, EntityIds.container("c-mongo"));   // {"id":"c-mongo","ip":"10.42.0.65",...}
 * }</pre>
 */
package io.netledger.ui.view;
