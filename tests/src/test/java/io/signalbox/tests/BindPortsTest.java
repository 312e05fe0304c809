package io.signalbox.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signalbox.router.config.RouterConfig;
import io.signalbox.router.loop.RouterDaemon;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ROUTER_BIND_PORTS_AFTER_SYNC: before the first sync (here: an API that never answers) HAProxy listens and answers
 * 503 by default, as OpenShift does, and does not listen at all with "true". Neither mode is ready before the sync.
 */
class BindPortsTest {
    private static final Duration GIVE_UP = Duration.ofSeconds(4);

    @Test
    void byDefaultThePortsAnswer503BeforeTheFirstSync(@TempDir Path root) throws Exception {
        RouterHarness router = unsyncedRouter(root);
        CompletableFuture<RouterDaemon> starting = startInBackground(router);
        RouterHarness.Response before = router.await(() -> getOrRefused(router), r -> r.status() == 503);
        assertThat(before.status()).isEqualTo(503);
        assertThat(router.stats("/healthz/ready")).contains("[-]has-synced");
        assertStartGivesUp(starting);
        assertThat(getOrRefused(router).status()).as("HAProxy stopped with the failed start").isEqualTo(-1);
    }

    @Test
    void withBindPortsAfterSyncNothingListensBeforeTheFirstSync(@TempDir Path root) throws Exception {
        RouterHarness router = unsyncedRouter(root).env("ROUTER_BIND_PORTS_AFTER_SYNC", "true");
        CompletableFuture<RouterDaemon> starting = startInBackground(router);
        assertThat(router.await(() -> router.stats("/healthz/ready"), s -> s.contains("has-synced")))
                .contains("[-]has-synced");
        assertThat(getOrRefused(router).status()).as("connection refused").isEqualTo(-1);
        assertStartGivesUp(starting);
    }

    /** A router pointed at an API address where nothing listens, and nothing persisted: it never syncs. */
    private static RouterHarness unsyncedRouter(Path root) throws IOException {
        return new RouterHarness(root).cluster("https://127.0.0.1:" + RouterHarness.freePort())
                .env("SIGNALBOX_API_STARTUP_TIMEOUT", "1s");
    }

    private static CompletableFuture<RouterDaemon> startInBackground(RouterHarness router) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return RouterDaemon.start(RouterConfig.fromEnv(router.environment()), GIVE_UP);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static RouterHarness.Response getOrRefused(RouterHarness router) throws IOException {
        try {
            return router.get("any.example.com", "/");
        } catch (ConnectException refused) {
            return new RouterHarness.Response(-1, refused.toString(), "");
        }
    }

    /** Without a sync the start gives up and stops what it started, HAProxy included. */
    private static void assertStartGivesUp(CompletableFuture<RouterDaemon> starting) {
        assertThatThrownBy(() -> starting.get(GIVE_UP.toSeconds() + 20, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasMessageContaining("did not apply its first configuration");
    }
}
