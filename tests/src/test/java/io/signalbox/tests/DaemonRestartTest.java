package io.signalbox.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon killed with SIGKILL and started again, as a crash and systemd's restart would: HAProxy serves on
 * without it, and the next daemon adopts that HAProxy instead of starting a second one. The daemon runs as a JVM of
 * its own so that it can be killed; the test JVM is the client. What is checked is what an operator checks: the
 * route answers throughout, the process list (one master, its workers, nothing orphaned), the log and /metrics.
 */
class DaemonRestartTest {
    private static final Duration READY = Duration.ofSeconds(40);
    private static final Duration LOAD_LIMIT = Duration.ofSeconds(50);
    private static final Pattern ADOPTED_ONCE =
            Pattern.compile("(?m)^signalbox_haproxy_starts_total\\{kind=\"adopted\"} 1(\\.0)?$");

    @TempDir
    Path root;
    private final List<DaemonJvm> daemons = new ArrayList<>();
    private RouterHarness router;

    @AfterEach
    void stopEverything() throws Exception {
        for (DaemonJvm daemon : daemons) {
            daemon.stop(20);
        }
        // HAProxy outlives a killed daemon by design: whatever of ours is left, by its pid.
        if (router != null) {
            haproxyProcesses().forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void noRequestFailsWhileTheDaemonIsKilledAndRestartedAndTheNextDaemonAdoptsHaproxy() throws Exception {
        try (TestBackend app = new TestBackend("app"); TestBackend late = new TestBackend("late")) {
            long master = serving(app);
            DaemonJvm first = daemons.get(0);

            try (SteadyLoad load = new SteadyLoad(router.httpPort, Map.of("app.example.com", "app"), 1, 100_000,
                    LOAD_LIMIT)) {
                Thread.sleep(500);
                first.kill();
                long killedAt = System.nanoTime();
                // Changed while no daemon runs: the next one must serve it.
                router.write("late.yaml", Manifests.slice("apps", "late", "late-1", late.port(), "127.0.0.1"),
                        Manifests.route("apps", "late", "late.example.com", "", "late"));
                Thread.sleep(1000);
                assertThat(ProcessHandle.of(master).map(ProcessHandle::isAlive)).as("HAProxy without a daemon")
                        .contains(true);

                DaemonJvm second = startDaemon();
                awaitReady(second);
                assertThat(router.await("late.example.com", "/", r -> r.status() == 200).backend())
                        .as("the route written while the daemon was down").isEqualTo("late");
                System.out.printf("daemon restart: SIGKILL to serving the new route in %d ms%n",
                        Duration.ofNanos(System.nanoTime() - killedAt).toMillis());
                Thread.sleep(500);
                load.close();
                System.out.printf("daemon restart: %d requests, %d failed%n", load.sent(), load.failed());
                assertThat(load.failures()).as("failed requests on the stable route").isEmpty();
                assertThat(load.sent()).as("requests sent across the episode").isGreaterThan(50);
            }

            DaemonJvm second = daemons.get(1);
            second.logLines("adopt").forEach(l -> System.out.println("daemon restart: log: " + l));
            assertThat(onlyMaster().pid()).as("the HAProxy master was adopted, not replaced").isEqualTo(master);
            assertThat(second.logLines("adopted HAProxy master " + master)).isNotEmpty();
            assertThat(router.stats("/metrics")).containsPattern(ADOPTED_ONCE);
        }
    }

    @Test
    void aMasterWhoseSocketIsGoneIsReplacedAndStoppedAndTheLogSaysWhy() throws Exception {
        try (TestBackend app = new TestBackend("app")) {
            long master = servedThenKilled(app);
            Files.delete(router.workDir.resolve("run/master.sock"));

            DaemonJvm second = startDaemon();
            awaitReady(second);
            assertThat(router.get("app.example.com", "/").backend()).isEqualTo("app");
            assertThat(second.logLines("HAProxy master " + master + " cannot be adopted: its master socket"))
                    .as("log:%n%s", second.logTail(40)).isNotEmpty();
            assertThat(router.await(() -> ProcessHandle.of(master).map(ProcessHandle::isAlive).orElse(false), alive -> !alive))
                    .as("the master that could not be adopted is stopped").isFalse();
            assertThat(onlyMaster().pid()).isNotEqualTo(master);
        }
    }

    @Test
    void aDaemonKilledAgainWhileStartingLeavesOneMasterForTheThird() throws Exception {
        try (TestBackend app = new TestBackend("app")) {
            long master = servedThenKilled(app);
            int reloadsBefore = router.reloads();
            DaemonJvm second = startDaemon();
            Thread.sleep(1500); // somewhere in its start: JVM, adoption, first apply
            second.kill();
            DaemonJvm third = startDaemon();
            awaitReady(third);
            assertThat(router.get("app.example.com", "/").backend()).isEqualTo("app");
            assertThat(onlyMaster().pid()).isEqualTo(master);
            // Nothing changed while the daemons came and went: the adopted config is what runs, never reloaded.
            assertThat(router.reloads()).as("reloads of the adopted master; log:%n%s", third.logTail(40))
                    .isEqualTo(reloadsBefore);
        }
    }

    @Test
    void aRestartedDaemonThatCannotApplyItsConfigLeavesTheAdoptedHaproxyServing() throws Exception {
        try (TestBackend app = new TestBackend("app")) {
            long master = servedThenKilled(app);

            // A template that renders a config haproxy -c rejects whatever the routes: the first apply fails.
            Path broken = Files.writeString(root.resolve("broken.peb"), "global\n    not_a_keyword\n");
            DaemonJvm failing = startDaemon(Map.of("TEMPLATE_FILE", broken.toString()));
            assertThat(failing.process().waitFor(READY.toSeconds(), java.util.concurrent.TimeUnit.SECONDS))
                    .as("the daemon gives up; log:%n%s", failing.logTail(40)).isTrue();
            assertThat(failing.process().exitValue()).isNotZero();
            assertThat(failing.logLines("leaving HAProxy master " + master + " serving")).isNotEmpty();
            assertThat(router.get("app.example.com", "/").backend()).as("served by the adopted HAProxy").isEqualTo("app");

            DaemonJvm fixed = startDaemon();
            awaitReady(fixed);
            assertThat(onlyMaster().pid()).isEqualTo(master);
        }
    }

    /** The first daemon, routing app.example.com to {@code app} and ready; returns its HAProxy master. */
    private long serving(TestBackend app) throws Exception {
        router = new RouterHarness(root);
        router.write("app.yaml", Manifests.slice("apps", "app", "app-1", app.port(), "127.0.0.1"),
                Manifests.route("apps", "app", "app.example.com", "", "app"));
        awaitReady(startDaemon());
        return onlyMaster().pid();
    }

    /** As {@link #serving}, then the daemon dies by SIGKILL; returns the master it left serving. */
    private long servedThenKilled(TestBackend app) throws Exception {
        long master = serving(app);
        daemons.get(0).kill();
        return master;
    }

    private DaemonJvm startDaemon() throws IOException {
        return startDaemon(Map.of());
    }

    private DaemonJvm startDaemon(Map<String, String> overrides) throws IOException {
        Map<String, String> env = new HashMap<>(router.environment());
        env.putAll(overrides);
        env.put("ROUTER_GRACEFUL_SHUTDOWN_DELAY", "0s");
        DaemonJvm daemon = DaemonJvm.start(List.of(), env);
        daemons.add(daemon);
        return daemon;
    }

    private void awaitReady(DaemonJvm daemon) throws Exception {
        long deadline = System.nanoTime() + READY.toNanos();
        while (System.nanoTime() < deadline && daemon.process().isAlive()) {
            if (router.stats("/healthz/ready").contains("healthz check passed")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("daemon not ready within " + READY + "; log:\n" + daemon.logTail(60));
    }

    /**
     * The one HAProxy master of this work dir: every HAProxy process naming our master socket is either it or its
     * child (a current or old worker), so there is no second master and no orphaned worker.
     */
    private ProcessHandle onlyMaster() {
        List<ProcessHandle> ours = haproxyProcesses();
        List<Long> pids = ours.stream().map(ProcessHandle::pid).toList();
        List<ProcessHandle> masters = ours.stream()
                .filter(p -> p.parent().map(parent -> !pids.contains(parent.pid())).orElse(true)).toList();
        assertThat(masters).as("HAProxy masters of %s among %s", router.workDir, pids).hasSize(1);
        return masters.get(0);
    }

    private List<ProcessHandle> haproxyProcesses() {
        String socket = router.workDir.resolve("run/master.sock").toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(socket)).orElse(false)).toList();
    }
}
