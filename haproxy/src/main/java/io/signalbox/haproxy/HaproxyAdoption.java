package io.signalbox.haproxy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What an earlier daemon left running, and whether this daemon can take it over instead of starting a second
 * HAProxy. A master is adopted when the pid in our pid file runs our command line (our master socket, our config:
 * so a recycled pid is never taken), runs the binary we would start (not a since-upgraded one), and its master
 * socket answers {@code show proc} with that pid and a worker. Every other process of ours (a master that fails
 * those checks, workers whose master died) is a leftover to stop once something else serves.
 *
 * @param adopted   the master taken over, if any
 * @param detail    why it was or was not adopted, for the log
 * @param leftovers our HAProxy processes that are not the adopted master or its workers
 */
public record HaproxyAdoption(Optional<HaproxyProcess> adopted, String detail, List<LiveProcess> leftovers) {
    private static final Duration CLI_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration SOCKET_PATIENCE = Duration.ofSeconds(2);

    public HaproxyAdoption {
        leftovers = List.copyOf(leftovers);
    }

    public static HaproxyAdoption look(HaproxyOptions options, ProcessRunner runner) {
        List<LiveProcess> ours = LiveProcess.withArgument(socketArgument(options));
        Optional<Long> pid = LiveProcess.readPidFile(options.pidFile());
        if (pid.isEmpty()) {
            return new HaproxyAdoption(Optional.empty(), "no pid in " + options.pidFile(), ours);
        }
        Optional<LiveProcess> master = LiveProcess.of(pid.get());
        if (master.isEmpty()) {
            return new HaproxyAdoption(Optional.empty(), "pid " + pid.get() + " from " + options.pidFile()
                    + " is not running", ours);
        }
        LiveProcess candidate = master.get();
        if (!runsOurCommand(candidate, options)) {
            // Someone else's process under a recycled pid: neither adopted nor touched.
            return new HaproxyAdoption(Optional.empty(), "pid " + pid.get() + " runs " + candidate.arguments()
                    + ", not our HAProxy", ours);
        }
        Optional<String> refusal = candidate.binaryMismatch(options.binary()).or(() -> socketRefusal(candidate, options));
        if (refusal.isPresent()) {
            return new HaproxyAdoption(Optional.empty(), "HAProxy master " + candidate.pid()
                    + " cannot be adopted: " + refusal.get(), ours);
        }
        List<LiveProcess> workers = candidate.children();
        List<LiveProcess> leftovers = ours.stream()
                .filter(p -> !p.equals(candidate) && !workers.contains(p)).toList();
        return new HaproxyAdoption(Optional.of(new HaproxyProcess(options, runner, candidate)),
                "adopted HAProxy master " + candidate.pid() + " with workers "
                        + workers.stream().map(LiveProcess::pid).toList(), leftovers);
    }

    /** The {@code -S} argument every process of ours carries: workers are forked from the master with its argv. */
    static String socketArgument(HaproxyOptions options) {
        return options.masterSocket() + ",mode,600";
    }

    private static boolean runsOurCommand(LiveProcess process, HaproxyOptions options) {
        List<String> args = process.arguments();
        return args.contains(socketArgument(options)) && args.contains(options.configFile().toString());
    }

    /**
     * Asks the master CLI for {@code show proc}; a daemon killed during a reload leaves a master that re-executes
     * itself and answers again a moment later, so a refusal holds only if it lasts {@link #SOCKET_PATIENCE}.
     */
    private static Optional<String> socketRefusal(LiveProcess master, HaproxyOptions options) {
        long deadline = System.nanoTime() + SOCKET_PATIENCE.toNanos();
        Optional<String> refusal = socketRefusalNow(master, options);
        while (refusal.isPresent() && master.isAlive() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            refusal = socketRefusalNow(master, options);
        }
        return refusal;
    }

    private static Optional<String> socketRefusalNow(LiveProcess master, HaproxyOptions options) {
        MasterProcessList list;
        try {
            list = MasterProcessList.parse(new UnixSocketCli(options.masterSocket(), CLI_TIMEOUT).send("show proc"));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.of("its master socket " + options.masterSocket() + " does not answer: " + e.getMessage());
        }
        if (list.masterPid() != master.pid()) {
            return Optional.of("its master socket is answered by pid " + list.masterPid());
        }
        return list.workers().isEmpty() ? Optional.of("it has no worker") : Optional.empty();
    }
}
