/**
 * The picocli subcommands and their output formatting, nothing else: each parses its flags, calls
 * the module that does the work (events' publisher, the stream apps, the agent, audit, the
 * gateway, devcluster) and prints a table, JSON or one line per problem.
 *
 * <pre>{@code
 * netledger publish container-started --container-id c1 ... [--json]   // PublishCommand + EventOptions
 * netledger get allocation c1                                          // GetCommand (query APIs)
 * netledger audit verify                                               // AuditVerifyCommand -> io.netledger.audit
 * }</pre>
 *
 * <p>{@link io.netledger.cli.command.EventOptions} generates the {@code publish} flags from the
 * Avro schemas (field names in kebab-case), so a new schema field is a new flag with no code.
 */
package io.netledger.cli.command;
