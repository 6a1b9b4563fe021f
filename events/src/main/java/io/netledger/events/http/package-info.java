/**
 * HTTP as netledger's clients speak it: HTTP/1.1 only ({@link io.netledger.events.http.Http1Client}),
 * for the registry client, {@code netledger get} and every caller of a netledger server.
 *
 * <pre>{@code
 * HttpClient http = Http1Client.builder(Duration.ofSeconds(5)).build();
 * }</pre>
 */
package io.netledger.events.http;
