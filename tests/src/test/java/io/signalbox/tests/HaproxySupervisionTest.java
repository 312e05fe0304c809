package io.signalbox.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
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

            long killed = router.masterPid();
            ProcessHandle master = ProcessHandle.of(killed).orElseThrow();
            master.destroyForcibly();
            master.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);

            assertThat(router.await("app.example.com", "/", r -> r.status() == 200).backend()).isEqualTo("app");
            long restarted = router.masterPid();
            assertThat(restarted).isNotEqualTo(killed);
            assertThat(ProcessHandle.of(restarted).map(ProcessHandle::isAlive)).contains(true);
            assertThat(ProcessHandle.of(killed).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        }
    }
}
