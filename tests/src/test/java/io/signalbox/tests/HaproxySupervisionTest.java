package io.signalbox.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HAProxy dies (its master, or its only worker, which takes the master down with it): the daemon notices at once,
 * reports unready with the reason while HAProxy is down, and starts it again from the last checked config.
 */
class HaproxySupervisionTest {
    private static final Duration WATCH = Duration.ofSeconds(15);

    @TempDir
    Path root;

    @Test
    void aKilledMasterIsStartedAgainAndServesTheSameRoutesAndReadinessSaysWhyInBetween() throws Exception {
        try (TestBackend app = new TestBackend("app"); RouterHarness router = new RouterHarness(root).start()) {
            serveApp(router, app);
            long killed = router.masterPid();
            List<String> unready = killAndWatchReadiness(router, ProcessHandle.of(killed).orElseThrow());

            assertThat(unready).as("readiness while HAProxy was down").anyMatch(body ->
                    body.contains("[-]haproxy-running failed: HAProxy master exited with code 137 (pid " + killed));
            long restarted = router.masterPid();
            assertThat(restarted).isNotEqualTo(killed);
            assertThat(ProcessHandle.of(killed).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            assertThat(router.stats("/metrics")).contains("signalbox_haproxy_starts_total{kind=\"restarted\"} 1")
                    .contains("signalbox_haproxy_up 1");
        }
    }

    @Test
    void aKilledWorkerEndsItsMasterAndHaproxyIsStartedAgain() throws Exception {
        try (TestBackend app = new TestBackend("app"); RouterHarness router = new RouterHarness(root).start()) {
            serveApp(router, app);
            long master = router.masterPid();
            List<ProcessHandle> workers = ProcessHandle.of(master).orElseThrow().children().toList();
            assertThat(workers).hasSize(1);
            List<String> unready = killAndWatchReadiness(router, workers.get(0));

            // HAProxy's master exits when its current worker dies (no exit-on-failure is not in the template), so no
            // master is ever left without a worker: it is restarted as after a crash of its own.
            assertThat(unready).as("readiness while HAProxy was down").anyMatch(body ->
                    body.contains("[-]haproxy-running failed: HAProxy master exited") && body.contains("(pid " + master));
            assertThat(router.masterPid()).isNotEqualTo(master);
            assertThat(ProcessHandle.of(master).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            assertThat(ProcessHandle.of(router.masterPid()).orElseThrow().children().count()).isEqualTo(1);
        }
    }

    private static void serveApp(RouterHarness router, TestBackend app) throws Exception {
        router.write("app.yaml",
                Manifests.slice("apps", "app", "app-1", app.port(), "127.0.0.1"),
                Manifests.route("apps", "app", "app.example.com", "", "app"));
        assertThat(router.await("app.example.com", "/", r -> r.status() == 200).backend()).isEqualTo("app");
        assertThat(router.stats("/healthz/ready")).contains("healthz check passed");
    }

    /**
     * SIGKILL to {@code victim}, then readiness sampled every 20 ms until the route answers again and readiness
     * passes; returns the unready bodies seen. The route must answer again within {@link #WATCH}.
     */
    private static List<String> killAndWatchReadiness(RouterHarness router, ProcessHandle victim) throws Exception {
        List<String> unready = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread sampler = new Thread(() -> {
            long deadline = System.nanoTime() + WATCH.toNanos();
            while (!stop.get() && System.nanoTime() < deadline) {
                try {
                    String body = router.stats("/healthz/ready");
                    if (!body.contains("healthz check passed")) {
                        unready.add(body);
                    }
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    unready.add(e.toString());
                }
            }
        }, "readiness-sampler");
        sampler.start();
        long start = System.nanoTime();
        victim.destroyForcibly();
        victim.onExit().get(5, TimeUnit.SECONDS);
        try {
            assertThat(router.await("app.example.com", "/", r -> r.status() == 200).backend()).isEqualTo("app");
            assertThat(router.await(() -> router.stats("/healthz/ready"), b -> b.contains("healthz check passed")))
                    .contains("healthz check passed");
            System.out.printf("haproxy supervision: killed pid %d, serving and ready again after %d ms%n",
                    victim.pid(), Duration.ofNanos(System.nanoTime() - start).toMillis());
        } finally {
            stop.set(true);
            sampler.join(5000);
        }
        return unready;
    }
}
