package io.signalbox.ipfailover;

import io.signalbox.haproxy.ExecResult;
import io.signalbox.haproxy.LiveProcess;
import io.signalbox.haproxy.ProcessRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's part in VIP failover, as the daemon uses it: {@link #start()}, then {@link #setHealthy} whenever the
 * router's health changes, {@link #vipStates()} for metrics, and {@link #close()} for a graceful handover.
 *
 * <p>The node starts unhealthy (it holds no VIP) until the daemon reports its router healthy.
 */
public final class FailoverService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FailoverService.class);
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(10);

    private final FailoverConfig config;
    private final Launcher launcher;
    private final ProcessRunner runner;
    private final VipPlan plan;
    private final FailoverPaths paths;
    private final TrackFile trackFile;
    private final VipStates states;
    private final NotifyFifoReader notifyReader;
    private final KeepalivedSupervisor supervisor;
    private final VipRemover vipRemover;
    private boolean healthy;
    private boolean started;

    public FailoverService(FailoverConfig config) {
        this(config, Launcher.direct(), new ProcessRunner());
    }

    /** @param launcher prefix for keepalived and the {@code ip} commands, e.g. to run them in a network namespace */
    public FailoverService(FailoverConfig config, Launcher launcher, ProcessRunner runner) {
        this.config = config;
        this.launcher = launcher;
        this.runner = runner;
        this.plan = VipPlan.of(config);
        this.paths = new FailoverPaths(config.workDir());
        this.trackFile = new TrackFile(paths.trackFile());
        this.states = new VipStates(plan, Clock.systemUTC());
        this.notifyReader = new NotifyFifoReader(paths.notifyFifo(), runner, states::apply);
        Duration advert = config.advertInterval().duration();
        this.vipRemover = new VipRemover(runner, launcher, config.networkInterface(), config.virtualIps());
        this.supervisor = new KeepalivedSupervisor(config.keepalivedBinary(), paths, launcher, runner, vipRemover,
                advert.multipliedBy(4), config.self().toString(), () -> states.resetAll("keepalived exited"));
    }

    /**
     * Writes and checks keepalived.conf, then starts keepalived, or adopts the one an earlier daemon of this node left
     * holding its VIPs (reloaded with SIGHUP only if the config changed); throws if keepalived refuses the config.
     */
    public synchronized void start() throws IOException {
        if (started) {
            throw new IllegalStateException("failover already started");
        }
        Files.createDirectories(paths.dir());
        Optional<LiveProcess> running = supervisor.findRunning();
        if (running.isPresent()) {
            // It acts on the track file as the earlier daemon left it; this one changes it only when health changes.
            healthy = readsHealthy();
        } else {
            trackFile.write(healthy);
        }
        String text = new KeepalivedConfigRenderer().render(config, plan, paths);
        boolean changed = !Files.exists(paths.config()) || !Files.readString(paths.config()).equals(text);
        if (changed) {
            writeAtomically(paths.config(), text);
        }
        ExecResult check = runner.run(launcher.wrap(List.of(config.keepalivedBinary(), "--config-test",
                "--use-file=" + paths.config())), Map.of(), CHECK_TIMEOUT);
        if (!check.succeeded()) {
            throw new FailoverStartException("keepalived refused " + paths.config() + " (exit " + check.exitCode()
                    + "): " + check.output().strip());
        }
        warnIfVipsCannotBeBound();
        log.info("VIP plan for node {} ({} of {}):\n{}", config.self(), config.nodeIndex() + 1, config.nodes().size(),
                plan.table(config.nodes()));
        if (running.isPresent()) {
            states.fromAddresses(vipRemover.held(), "adopted keepalived: from the addresses on "
                    + config.networkInterface());
        }
        notifyReader.start();
        if (running.isPresent()) {
            supervisor.adopt(running.get(), changed);
        } else {
            supervisor.start();
        }
        started = true;
    }

    /** Told each time keepalived runs anew: "started", "restarted" or "adopted". */
    public void onKeepalivedStart(Consumer<String> listener) {
        supervisor.onStart(listener);
    }

    private boolean readsHealthy() {
        try {
            return trackFile.readsHealthy();
        } catch (IOException e) {
            return false;
        }
    }

    /** Reports the router's health; keepalived reacts within about a millisecond (FAULT sends a priority-0 advert). */
    public synchronized void setHealthy(boolean healthy, String reason) {
        if (this.healthy == healthy && started) {
            return;
        }
        this.healthy = healthy;
        try {
            // Before start the file is left alone: an adopted keepalived still acts on it (start writes it otherwise).
            if (started) {
                trackFile.write(healthy);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the track file " + paths.trackFile(), e);
        }
        log.info("router on {} is {}: {}", config.self(), healthy ? "healthy" : "unhealthy, giving up its VIPs", reason);
    }

    /** Each VIP and this node's role for it, from keepalived's notify events. */
    public Map<String, VipState> vipStates() {
        return states.byVip();
    }

    public VipPlan plan() {
        return plan;
    }

    public FailoverConfig config() {
        return config;
    }

    /** keepalived's pid while it runs (the parent process), for tests and diagnostics. */
    public OptionalLong keepalivedPid() {
        return supervisor.pid();
    }

    /** Graceful handover: keepalived sends a priority-0 advert for the instances it masters, then stops. */
    @Override
    public synchronized void close() throws IOException, InterruptedException {
        if (!started) {
            return;
        }
        started = false;
        supervisor.stop();
        notifyReader.close();
        states.resetAll("stopped");
    }

    /** HAProxy must bind VIPs before this node holds them (see README, "IP failover"). */
    private void warnIfVipsCannotBeBound() throws IOException {
        ExecResult sysctl = runner.run(launcher.wrap(List.of("cat", "/proc/sys/net/ipv4/ip_nonlocal_bind")),
                Map.of(), CHECK_TIMEOUT);
        if (!sysctl.output().strip().equals("1")) {
            log.warn("net.ipv4.ip_nonlocal_bind is not 1 on this node: a listener on a VIP address cannot start"
                    + " while another node holds the VIP (bind the wildcard address, or set the sysctl)");
        }
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
