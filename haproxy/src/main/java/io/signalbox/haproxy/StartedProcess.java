package io.signalbox.haproxy;

import java.util.concurrent.CompletableFuture;

/**
 * A background child started by {@link ProcessRunner#start}.
 *
 * @param process      the child itself: pid, exit, signals
 * @param outputClosed completes once the child's stdout and stderr reached their end and every line was handed on,
 *                     which can be later than the exit (and never, while a grandchild keeps the pipes open)
 */
public record StartedProcess(Process process, CompletableFuture<Void> outputClosed) {
}
