package io.signalbox.haproxy;

import java.time.Duration;

/**
 * The outcome of one reload.
 *
 * @param ok     a new worker runs the configuration on disk
 * @param took   from sending {@code reload} to the verdict
 * @param detail the new worker pid, or why the reload failed (with HAProxy's alerts when it printed any)
 */
public record ReloadResult(boolean ok, Duration took, String detail) {
}
