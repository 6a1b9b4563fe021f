/**
 * The {@code netledger} command's entry point ({@link io.netledger.cli.Main}) and what every
 * subcommand shares: where the cluster is ({@link io.netledger.cli.ClusterOptions}: cluster.json,
 * {@code --bootstrap}, {@code --registry}) and duration flags. Exit codes: 0 success, 2 bad usage or
 * invalid input (the message names field, value and rule), 1 a runtime failure.
 */
package io.netledger.cli;
