package io.signalbox.tests;

import io.signalbox.haproxy.ProcessRunner;
import io.signalbox.haproxy.StartedProcess;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code signalbox run} as a JVM of its own, so that a test can kill it with SIGKILL the way a crash would, start
 * the next one on the same working directory, and read its memory. Keeps the last lines it printed, and every line
 * in a log file when given one.
 */
public final class DaemonJvm implements AutoCloseable {
    private static final int LOG_LINES_KEPT = 4000;
    /** Several daemons may start at once on a small machine: small heap, quick start-up. */
    private static final List<String> QUICK_START = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    /** Tests run in the tests module's folder. */
    private static final Path SHADED_JAR = Path.of("..", "router", "target", "signalbox.jar");

    private final Process process;
    private final Deque<String> log = new ArrayDeque<>();
    private final BufferedWriter logFile;

    private DaemonJvm(List<String> prefix, List<String> jvm, Map<String, String> env, Path logFile)
            throws IOException {
        this.logFile = logFile == null ? null : Files.newBufferedWriter(logFile, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        List<String> command = new ArrayList<>(prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvm);
        command.add("run");
        StartedProcess started = new ProcessRunner().start(command, env, this::keep, this::keep);
        this.process = started.process();
    }

    /**
     * Starts the daemon with these settings, tuned to start quickly.
     *
     * @param prefix a command that execs the JVM, such as {@code ip netns exec NS}, so the pid is still the JVM's
     */
    public static DaemonJvm start(List<String> prefix, Map<String, String> env) throws IOException {
        List<String> jvm = new ArrayList<>(QUICK_START);
        jvm.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.signalbox.router.cli.Signalbox"));
        return new DaemonJvm(prefix, jvm, env, null);
    }

    /**
     * Starts the daemon as the package runs it: the shaded jar (built by the router module's package phase) with the
     * Debian launcher's JVM options, logging to a file. Its memory is then what an installed node's would be.
     */
    public static DaemonJvm startAsInstalled(Map<String, String> env, Path logFile) throws IOException {
        if (!Files.isRegularFile(SHADED_JAR)) {
            throw new IOException(SHADED_JAR.toAbsolutePath() + " is missing: build it with `mvn -pl router -am package`");
        }
        List<String> jvm = new ArrayList<>(launcherOptions());
        jvm.addAll(List.of("-jar", SHADED_JAR.toString()));
        return new DaemonJvm(List.of(), jvm, env, logFile);
    }

    /** The JVM options of router/src/deb/signalbox (the words between "java" and $JAVA_OPTS), read from the source. */
    public static List<String> launcherOptions() throws IOException {
        String launcher = Files.readString(Path.of("..", "router", "src", "deb", "signalbox"));
        String exec = launcher.lines().filter(l -> l.startsWith("exec java ")).findFirst()
                .orElseThrow(() -> new IOException("no 'exec java' line in the launcher"));
        return List.of(exec.substring("exec java ".length(), exec.indexOf("$JAVA_OPTS")).trim().split(" +"));
    }

    public Process process() {
        return process;
    }

    /** Resident memory in MiB, from /proc; -1 once the process is gone. */
    public long rssMib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException e) {
            // gone
        }
        return -1;
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

    /** Waits (bounded) until its readiness check passes; fails with the end of its log if it exits first. */
    public void awaitReady(int statsPort, Duration limit) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the daemon exited with " + process.exitValue() + "; its log ends:\n"
                        + logTail(30));
            }
            try {
                java.net.HttpURLConnection c = (java.net.HttpURLConnection) java.net.URI.create(
                        "http://127.0.0.1:" + statsPort + "/healthz/ready").toURL().openConnection();
                if (c.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // the stats port is not open yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the daemon was not ready within " + limit + "; its log ends:\n" + logTail(30));
    }

    /** SIGTERM and up to a minute for the graceful stop. */
    @Override
    public void close() throws InterruptedException {
        stop(60);
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
            if (logFile != null) {
                try {
                    logFile.write(line);
                    logFile.newLine();
                    logFile.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}
