/**
 * The trust boundary's shared vocabulary: {@link io.netledger.events.security.Principal} (who a
 * cluster-CA certificate speaks for, spelled for openssl, the JDK, Kafka and strongSwan) and
 * {@link io.netledger.events.security.PemTls} (mutual TLS from the PEM files the CA issues).
 */
package io.netledger.events.security;
