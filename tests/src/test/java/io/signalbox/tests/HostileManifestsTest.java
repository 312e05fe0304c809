package io.signalbox.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad and hostile manifest files dropped fast into the folder, beside good ones: the router keeps reading the
 * folder, every good route keeps serving without a failed request, each bad file is named with its reason on
 * /healthz/ready (and counted in signalbox_manifest_problems), and the good files that arrive later are applied.
 */
class HostileManifestsTest {
    private static final int LIMIT = 1024 * 1024;
    private static final int BULK_ROUTES = 2000;

    @TempDir
    Path root;

    @Test
    void hostileFilesNeverStopTheRouterNorTakeAGoodRouteAway() throws Exception {
        try (TestBackend app = new TestBackend("app"); TestBackend bulk = new TestBackend("bulk");
             RouterHarness router = new RouterHarness(root)
                     .env("SIGNALBOX_MANIFESTS_MAX_FILE_BYTES", Integer.toString(LIMIT)).start()) {
            router.write("app.yaml", Manifests.slice("apps", "app", "app-1", app.port(), "127.0.0.1"),
                    Manifests.route("apps", "app", "app.example.com", "", "app"));
            router.write("good.yaml", Manifests.route("apps", "good", "good.example.com", "", "app"));
            router.await("good.example.com", "/", r -> r.status() == 200);

            SteadyLoad load = new SteadyLoad(router.httpPort,
                    Map.of("app.example.com", "app", "good.example.com", "app"), 2, 1_000_000, Duration.ofMinutes(3));
            try (load) {
                for (int round = 0; round < 3; round++) {
                    drop(router, "garbled.yaml", HostileFiles.garbled());
                    drop(router, "junk.yaml", HostileFiles.binaryJunk(round));
                    drop(router, "huge.yaml", HostileFiles.overLimit(LIMIT));
                    drop(router, "deep.yaml", HostileFiles.deepNesting());
                    drop(router, "bomb.yaml", HostileFiles.aliasBomb());
                    // A good file turned bad keeps serving its last good route.
                    drop(router, "good.yaml", HostileFiles.garbled());
                    drop(router, "good.yaml", Manifests.route("apps", "good", "good.example.com", "", "app").getBytes());
                }
                drop(router, "good.yaml", HostileFiles.binaryJunk(7));
                // Thousands of objects at once, then the same file replaced over and over while being read.
                router.write("bulk-service.yaml", Manifests.slice("bulk", "bulk", "bulk-1", bulk.port(), "127.0.0.1"));
                byte[] many = HostileFiles.manyRoutes("bulk", "bulk", BULK_ROUTES);
                for (int i = 0; i < 20; i++) {
                    drop(router, "bulk.yaml", many);
                    Thread.sleep(20);
                }
                for (int i : new int[] {0, BULK_ROUTES / 2, BULK_ROUTES - 1}) {
                    assertThat(router.await("bulk-" + i + ".example.com", "/", r -> r.status() == 200).backend())
                            .isEqualTo("bulk");
                }
                String ready = router.await(() -> router.stats("/healthz/ready"),
                        body -> body.contains("good.yaml: file: not valid YAML"));
                assertThat(ready).contains("healthz check passed")
                        .containsPattern("garbled.yaml: file: not valid YAML or JSON: .*line")
                        .contains("junk.yaml: file: not valid YAML or JSON")
                        .contains("huge.yaml: file: larger than the limit of " + LIMIT + " bytes")
                        .contains("deep.yaml: file: not valid YAML or JSON").containsIgnoringCase("nesting depth")
                        .contains("good.yaml: file: not valid YAML");
                assertThat(router.stats("/metrics")).containsPattern("signalbox_manifest_problems [5-9]");

                Files.delete(router.manifests.resolve("bulk.yaml"));
                assertThat(router.await("bulk-0.example.com", "/", r -> r.status() == 503).status()).isEqualTo(503);
            }
            assertThat(load.failures()).isEmpty();
            assertThat(load.sent()).isGreaterThan(100);
            assertThat(router.get("good.example.com", "/").backend()).isEqualTo("app");
        }
    }

    /** Replaces a file in one rename, with no pause: the next drop may land while the router reads this one. */
    private static void drop(RouterHarness router, String name, byte[] content) throws Exception {
        Path tmp = router.manifests.resolve("." + name + ".tmp");
        Files.write(tmp, content);
        Files.move(tmp, router.manifests.resolve(name), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }
}
