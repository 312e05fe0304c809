package io.signalbox.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The working directory fills up, then turns read-only (a small tmpfs mounted over it): HAProxy keeps serving the
 * last good config without a failed request, the reason shows on /healthz/ready and in the metrics without making
 * the node unready, no half-written generation is left, and the change made meanwhile lands by itself once the disk
 * takes writes again. Needs root (mount).
 */
class DiskFaultTest {
    private static final long DISK_BYTES = 16L * 1024 * 1024;

    @TempDir
    Path root;

    /** One kind of disk trouble: how to cause it, the error it shows, how to end it. */
    private record Fault(String name, Step cause, String shows, Step end) {
    }

    private interface Step {
        void on(ScratchDisk disk) throws Exception;
    }

    @Test
    void aFullOrReadOnlyWorkDirKeepsTheLastConfigServingAndAppliesThePendingChangeOnceItCan() throws Exception {
        List<Fault> faults = List.of(
                new Fault("full", ScratchDisk::fill, "No space left on device", ScratchDisk::free),
                new Fault("read-only", ScratchDisk::readOnly, "Read-only file system", ScratchDisk::writable));
        try (TestBackend app = new TestBackend("app"); TestBackend late = new TestBackend("late");
             RouterHarness router = new RouterHarness(root);
             ScratchDisk disk = new ScratchDisk(router.workDir, DISK_BYTES)) {
            router.start();
            router.write("app.yaml", Manifests.slice("apps", "app", "app-1", app.port(), "127.0.0.1"),
                    Manifests.route("apps", "app", "app.example.com", "", "app"));
            assertThat(router.await("app.example.com", "/", r -> r.status() == 200).backend()).isEqualTo("app");
            long master = router.masterPid();

            SteadyLoad load = new SteadyLoad(router.httpPort, Map.of("app.example.com", "app"), 2, 1_000_000,
                    Duration.ofMinutes(3));
            try (load) {
                for (Fault fault : faults) {
                    String host = "late-" + fault.name() + ".example.com";
                    fault.cause().on(disk);
                    router.write("late-" + fault.name() + ".yaml",
                            Manifests.slice("apps", "late", "late-1", late.port(), "127.0.0.1"),
                            Manifests.route("apps", "late-" + fault.name(), host, "", "late"));

                    String ready = router.await(() -> router.stats("/healthz/ready"),
                            body -> body.contains("[+]work-dir ok: cannot be written"));
                    assertThat(ready).as(fault.name()).contains(fault.shows()).contains("healthz check passed");
                    String metrics = router.stats("/metrics");
                    assertThat(metrics).contains("signalbox_work_dir_writable 0.0")
                            .containsPattern("signalbox_apply_failures_total\\{reason=\"disk\"} [1-9]");
                    assertThat(router.get(host, "/").status()).as("not applied while " + fault.name()).isEqualTo(503);
                    assertThat(generationFolders(router)).as("nothing half-written")
                            .containsExactly(router.workDir.resolve("conf").toRealPath());

                    fault.end().on(disk);
                    assertThat(router.await(host, "/", r -> r.status() == 200).backend()).as(fault.name()).isEqualTo("late");
                    assertThat(router.await(() -> router.stats("/healthz/ready"), b -> b.contains("[+]work-dir ok\n")))
                            .contains("[+]work-dir ok\n");
                    assertThat(router.stats("/metrics")).contains("signalbox_work_dir_writable 1.0");
                    assertThat(router.awaitAdmitted("apps", "late-" + fault.name(),
                            c -> "True".equals(c.path("status").asText())).path("status").asText()).isEqualTo("True");
                    // Older folders go once the late sync and check of the current one passed (~100 ms later).
                    Path current = router.workDir.resolve("conf").toRealPath();
                    assertThat(router.await(() -> generationFolders(router), folders -> folders.equals(List.of(current))))
                            .containsExactly(current);
                }
            }
            assertThat(load.failures()).isEmpty();
            assertThat(load.sent()).isGreaterThan(100);
            // The same HAProxy served throughout: nothing was restarted or reloaded onto a broken config.
            assertThat(router.masterPid()).isEqualTo(master);
        }
    }

    private static List<Path> generationFolders(RouterHarness router) throws Exception {
        try (Stream<Path> dirs = Files.list(router.workDir.resolve("generations"))) {
            return dirs.map(p -> {
                try {
                    return p.toRealPath();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }
}
