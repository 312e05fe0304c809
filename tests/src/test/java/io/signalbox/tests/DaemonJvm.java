package io.signalbox.tests;

import io.signalbox.haproxy.ProcessRunner;
import io.signalbox.haproxy.StartedProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code signalbox run} as a JVM of its own, so that a test can kill it with SIGKILL the way a crash would, and
 * start the next one on the same working directory. Keeps the last lines it printed.
 */
public final class DaemonJvm {
    private static final int LOG_LINES_KEPT = 4000;

    private final Process process;
    private final Deque<String> log = new ArrayDeque<>();

    private DaemonJvm(List<String> prefix, Map<String, String> env, ProcessRunner runner) throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // several daemons may start at once on a small machine: small heap, quick start-up
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), "io.signalbox.router.cli.Signalbox", "run"));
        StartedProcess started = runner.start(command, env, this::keep, this::keep);
        this.process = started.process();
    }

    /**
     * Starts the daemon with these settings.
     *
     * @param prefix a command that execs the JVM, such as {@code ip netns exec NS}, so the pid is still the JVM's
     */
    public static DaemonJvm start(List<String> prefix, Map<String, String> env) throws IOException {
        return new DaemonJvm(prefix, env, new ProcessRunner());
    }

    public Process process() {
        return process;
    }

    /** SIGKILL, as a crash or the OOM killer would: no shutdown of any kind runs. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM, the graceful stop, then SIGKILL if it takes longer than the timeout. */
    public void stop(long timeoutSeconds) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            kill();
        }
    }

    /** The lines it printed that contain {@code text}. */
    public List<String> logLines(String text) {
        synchronized (log) {
            return log.stream().filter(l -> l.contains(text)).toList();
        }
    }

    /** Its last lines, for a failure report. */
    public String logTail(int lines) {
        synchronized (log) {
            return String.join("\n", log.stream().skip(Math.max(0, log.size() - lines)).toList());
        }
    }

    private void keep(String line) {
        synchronized (log) {
            log.addLast(line);
            if (log.size() > LOG_LINES_KEPT) {
                log.removeFirst();
            }
        }
    }
}
