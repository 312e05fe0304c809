package io.signalbox.haproxy;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteException;
import org.apache.commons.exec.ExecuteResultHandler;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.LogOutputStream;
import org.apache.commons.exec.ProcessDestroyer;
import org.apache.commons.exec.PumpStreamHandler;

/**
 * The one place through which every external program runs: short commands with a timeout and captured output,
 * and long-lived children whose output lines go to a callback.
 */
public final class ProcessRunner {

    public static final int OUTPUT_CAP = 64 * 1024;
    private static final Duration LAUNCH_TIMEOUT = Duration.ofSeconds(10);

    /** Runs {@code command} to completion, killing it after {@code timeout}. A non-zero exit is a result, not an error. */
    public ExecResult run(List<String> command, Map<String, String> extraEnv, Duration timeout) throws IOException {
        CappedOutputStream output = new CappedOutputStream(OUTPUT_CAP);
        ExecuteWatchdog watchdog = ExecuteWatchdog.builder().setTimeout(timeout).get();
        DefaultExecutor executor = DefaultExecutor.builder()
                .setExecuteStreamHandler(new PumpStreamHandler(output))
                .get();
        executor.setWatchdog(watchdog);
        executor.setExitValues(null);
        int exitCode = executor.execute(commandLine(command), environment(extraEnv));
        return new ExecResult(exitCode, output.text(), watchdog.killedProcess());
    }

    /**
     * Starts {@code command} in the background. Each line it prints goes to {@code stdoutLine} or
     * {@code stderrLine}, on a pump thread.
     */
    public StartedProcess start(List<String> command, Map<String, String> extraEnv,
                         Consumer<String> stdoutLine, Consumer<String> stderrLine) throws IOException {
        CompletableFuture<Process> launched = new CompletableFuture<>();
        CompletableFuture<Void> outputClosed = new CompletableFuture<>();
        DefaultExecutor executor = DefaultExecutor.builder()
                .setExecuteStreamHandler(new PumpStreamHandler(lines(stdoutLine), lines(stderrLine)))
                .get();
        executor.setExitValues(null);
        executor.setProcessDestroyer(new LaunchRecorder(launched));
        executor.execute(commandLine(command), environment(extraEnv), new ExecuteResultHandler() {
            @Override
            public void onProcessComplete(int exitValue) {
                // Commons Exec calls this only after its pumps have drained the output
                outputClosed.complete(null);
            }

            @Override
            public void onProcessFailed(ExecuteException e) {
                launched.completeExceptionally(e);
                outputClosed.complete(null);
            }
        });
        try {
            return new StartedProcess(launched.get(LAUNCH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), outputClosed);
        } catch (ExecutionException e) {
            throw new IOException("cannot start " + command, e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("no process for " + command + " after " + LAUNCH_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting " + command, e);
        }
    }

    /**
     * Starts {@code command} detached from the JVM's lifetime: stdin from /dev/null, stdout and stderr appended to
     * {@code logFile}. Nothing it needs goes through the JVM, so it runs on unchanged if the JVM dies (SIGKILL
     * included), and a later JVM can still read what it prints.
     */
    public Process startDetached(List<String> command, Map<String, String> extraEnv, Path logFile) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectErrorStream(true);
        builder.environment().putAll(extraEnv);
        return builder.start();
    }

    private static CommandLine commandLine(List<String> command) {
        CommandLine line = new CommandLine(command.get(0));
        // handleQuoting=false: arguments go to the program exactly as given, never re-quoted
        command.subList(1, command.size()).forEach(arg -> line.addArgument(arg, false));
        return line;
    }

    // Commons Exec replaces the whole environment with the map it is given, so start from ours.
    private static Map<String, String> environment(Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(extraEnv);
        return env;
    }

    private static OutputStream lines(Consumer<String> sink) {
        return new LogOutputStream(0, StandardCharsets.UTF_8) {
            @Override
            protected void processLine(String line, int level) {
                sink.accept(line);
            }
        };
    }

    /**
     * Commons Exec hands each launched process to its destroyer; this is where we learn the Process (and pid).
     * It destroys nothing on purpose: a background child outlives the JVM unless its caller ends it (HAProxy and
     * keepalived are started with {@link #startDetached}, which involves no Commons Exec at all).
     */
    private record LaunchRecorder(CompletableFuture<Process> launched) implements ProcessDestroyer {
        @Override
        public boolean add(Process process) {
            launched.complete(process);
            return true;
        }

        @Override
        public boolean remove(Process process) {
            return true;
        }

        @Override
        public int size() {
            return 0;
        }
    }
}
