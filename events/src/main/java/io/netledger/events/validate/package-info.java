/**
 * Input rules applied at every door before an event reaches the log.
 *
 * <pre>{@code
 * try {
 *   EventValidator.validate(networkCreated);
 * } catch (InvalidEventException e) {
 *   e.violations().forEach(v -> System.err.println(v.field() + ": " + v.rule()));
 * }
 * }</pre>
 */
package io.netledger.events.validate;
