package io.signalbox.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HAProxy is the daemon's child: when it dies, the daemon starts it again from the last checked config. */
class HaproxySupervisionTest {
    @TempDir
    Path root;

    @Test
    void aKilledHaproxyIsStartedAgainAndServesTheSameRoutes() throws Exception {
        try (TestBackend app = new TestBackend("app"); RouterHarness router = new RouterHarness(root).start()) {
            router.write("app.yaml",
                    Manifests.slice("apps", "app", "app-1", app.port(), "127.0.0.1"),
                    Manifests.route("apps", "app", "app.example.com", "", "app"));
            assertThat(router.await("app.example.com", "/", r -> r.status() == 200).backend()).isEqualTo("app");

            long killed = masterPid(router);
            ProcessHandle master = ProcessHandle.of(killed).orElseThrow();
            master.destroyForcibly();
            master.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);

            assertThat(router.await("app.example.com", "/", r -> r.status() == 200).backend()).isEqualTo("app");
            long restarted = masterPid(router);
            assertThat(restarted).isNotEqualTo(killed);
            assertThat(ProcessHandle.of(restarted).map(ProcessHandle::isAlive)).contains(true);
            assertThat(ProcessHandle.of(killed).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        }
    }

    private static long masterPid(RouterHarness router) throws Exception {
        Path pidFile = router.workDir.resolve("run/haproxy.pid");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(pidFile)) {
                String text = Files.readString(pidFile).strip();
                if (!text.isEmpty()) {
                    long pid = Long.parseLong(text.lines().findFirst().orElseThrow());
                    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                        return pid;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no live HAProxy master in " + pidFile);
    }
}
