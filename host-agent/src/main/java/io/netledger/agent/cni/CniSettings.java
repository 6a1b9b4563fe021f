package io.netledger.agent.cni;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where an agent serves its CNI door.
 *
 * @param socket the Unix socket the plugin connects to
 * @param stateDir where attachments are recorded
 * @param timeout how long ADD waits for the allocator and the kernel
 */
public record CniSettings(Path socket, Path stateDir, Duration timeout) {}
