/**
 * The metadata HTTP API on 169.254.169.250 (as rancher-metadata): a container learns about itself
 * and its host by asking, identified by its source address.
 *
 * <pre>{@code
 * AtomicReference<DnsView> view = ...;   // the same view the DNS server answers from
 * MetadataServer md = new MetadataServer(new MetadataConfig("169.254.169.250", 80, "192.0.2.11"), view::get);
 * vertx.deployVerticle(md).await();
 * // from a container:  GET http://169.254.169.250/latest/self/container
 * //   {"containerId":"c-42","name":"hubot","service":"hubot","stack":"rocket-chat","networkId":"managed",
 * //    "ip":"10.42.0.7","mac":"0a:58:0a:2a:00:07","gateway":"10.42.0.1","hostId":"h2",...}
 * }</pre>
 */
package io.netledger.agent.metadata;
