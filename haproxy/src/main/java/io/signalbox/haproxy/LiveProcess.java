package io.signalbox.haproxy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * One process as /proc shows it, named by pid and start time, so a pid the kernel recycled is never taken for it.
 * Works the same for our children and for processes we did not start (HAProxy or keepalived left by an earlier
 * daemon). A zombie counts as gone: nothing may reap an orphan's children on a host whose init does not.
 *
 * @param pid       the process id
 * @param startTime field 22 of /proc/&lt;pid&gt;/stat, in clock ticks since boot
 */
public record LiveProcess(long pid, long startTime) {
    /** How often {@link #onExit} looks: well inside the one second in which a death must be noticed. */
    public static final Duration POLL = Duration.ofMillis(100);
    private static final ScheduledExecutorService WATCHER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "process-watch");
        thread.setDaemon(true);
        return thread;
    });

    /** The process running as {@code pid} now, if any (zombies excluded). */
    public static Optional<LiveProcess> of(long pid) {
        return stat(pid).filter(s -> !s.gone()).map(s -> new LiveProcess(pid, s.startTime()));
    }

    /** The pid a pid file holds, if it holds one. */
    public static Optional<Long> readPidFile(Path pidFile) {
        try {
            String text = Files.readString(pidFile, StandardCharsets.US_ASCII).strip();
            return text.matches("[0-9]{1,10}") ? Optional.of(Long.parseLong(text)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public boolean isAlive() {
        return stat(pid).filter(s -> !s.gone() && s.startTime() == startTime).isPresent();
    }

    /** Its command line, one element an argument; empty once it is gone. */
    public List<String> arguments() {
        return arguments(pid);
    }

    /** The executable it runs (ends in " (deleted)" once the file was replaced, as by a package upgrade). */
    public Optional<String> executable() {
        try {
            return Optional.of(Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "exe")).toString());
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /**
     * Why it does not run {@code binary} (a path, or a name on the PATH), if it does not: another file, or one
     * replaced on disk since it started (a package upgrade). Empty also when that cannot be told.
     */
    public Optional<String> binaryMismatch(String binary) {
        Optional<String> running = executable();
        Optional<Path> expected = resolve(binary);
        if (running.isEmpty() || expected.isEmpty()) {
            return Optional.empty();
        }
        if (running.get().endsWith(" (deleted)")) {
            return Optional.of("its binary " + running.get() + " was replaced on disk (an upgrade?)");
        }
        return running.get().equals(expected.get().toString()) ? Optional.empty()
                : Optional.of("it runs " + running.get() + ", not " + expected.get());
    }

    private static Optional<Path> resolve(String binary) {
        Stream<Path> candidates = binary.contains("/") ? Stream.of(Path.of(binary))
                : Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                        .filter(dir -> !dir.isEmpty()).map(dir -> Path.of(dir, binary));
        return candidates.filter(Files::isExecutable).findFirst().flatMap(path -> {
            try {
                return Optional.of(path.toRealPath());
            } catch (IOException e) {
                return Optional.empty();
            }
        });
    }

    /** Its direct children now. */
    public List<LiveProcess> children() {
        return all().stream().filter(p -> stat(p.pid).map(s -> s.ppid() == pid).orElse(false)).toList();
    }

    /** Completes within {@link #POLL} of the process ending. */
    public CompletableFuture<LiveProcess> onExit() {
        CompletableFuture<LiveProcess> exit = new CompletableFuture<>();
        AtomicReference<ScheduledFuture<?>> poll = new AtomicReference<>();
        poll.set(WATCHER.scheduleWithFixedDelay(() -> {
            if (!isAlive()) {
                exit.complete(this);
                poll.get().cancel(false);
            }
        }, 0, POLL.toMillis(), TimeUnit.MILLISECONDS));
        exit.whenComplete((p, e) -> poll.get().cancel(false));
        return exit;
    }

    /** Waits until the process ended or {@code timeout} passed; true if it ended. */
    public boolean awaitExit(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (isAlive()) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    /** SIGTERM, unless it is already gone. */
    public void terminate() {
        if (isAlive()) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        }
    }

    /** SIGKILL, unless it is already gone. */
    public void kill() {
        if (isAlive()) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** Every live process whose command line holds {@code argument} as one whole argument. */
    public static List<LiveProcess> withArgument(String argument) {
        return all().stream().filter(p -> p.arguments().contains(argument)).toList();
    }

    private static List<LiveProcess> all() {
        List<LiveProcess> found = new ArrayList<>();
        try (Stream<Path> proc = Files.list(Path.of("/proc"))) {
            proc.map(p -> p.getFileName().toString()).filter(n -> n.matches("[0-9]+"))
                    .forEach(n -> of(Long.parseLong(n)).ifPresent(found::add));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot list /proc", e);
        }
        return found;
    }

    private static List<String> arguments(long pid) {
        try {
            String raw = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8);
            return raw.isEmpty() ? List.of() : Arrays.asList(raw.split("\0"));
        } catch (IOException gone) {
            return List.of();
        }
    }

    private record Stat(char state, long ppid, long startTime) {
        boolean gone() {
            return state == 'Z' || state == 'X';
        }
    }

    private static Optional<Stat> stat(long pid) {
        try {
            String text = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
            String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
            return Optional.of(new Stat(fields[0].charAt(0), Long.parseLong(fields[1]), Long.parseLong(fields[19])));
        } catch (IOException | RuntimeException gone) {
            return Optional.empty();
        }
    }
}
