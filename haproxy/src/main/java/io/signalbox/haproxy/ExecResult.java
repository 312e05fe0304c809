package io.signalbox.haproxy;

/**
 * How an external program ended.
 *
 * @param exitCode the exit code (meaningless when {@code timedOut})
 * @param output   stdout and stderr interleaved, capped at {@link ProcessRunner#OUTPUT_CAP} bytes
 * @param timedOut true when the program was killed because it ran past its timeout
 */
public record ExecResult(int exitCode, String output, boolean timedOut) {

    public boolean succeeded() {
        return !timedOut && exitCode == 0;
    }
}
