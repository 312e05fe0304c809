package io.signalbox.router.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.signalbox.haproxy.ConfigChecker;
import io.signalbox.haproxy.ProcessRunner;
import io.signalbox.router.render.ConfigRenderer;
import io.signalbox.router.render.RenderFixtures;
import io.signalbox.router.render.RenderedConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sync and haproxy -c that follow a runtime apply, with a real HAProxy. */
class AfterCheckTest {
    private static final String VALID = """
            global
            defaults
              mode http
              timeout client 5s
              timeout server 5s
              timeout connect 1s
            frontend f
              bind 127.0.0.1:18080
              default_backend b
            backend b
              server s 127.0.0.1:8080
            """;

    @TempDir
    Path work;

    private final List<Path> passed = new CopyOnWriteArrayList<>();
    private final List<Path> failed = new CopyOnWriteArrayList<>();

    private static RenderedConfig config(String text) {
        return new RenderedConfig(Map.of(RenderedConfig.CONFIG_FILE, text), Map.of(), Map.of());
    }

    private AfterCheck afterCheck(ConfigGenerations generations) {
        ConfigVerifier verifier = new ConfigVerifier(new ConfigRenderer(RenderFixtures.settings()),
                new ConfigChecker(new ProcessRunner()), generations);
        return new AfterCheck(generations, verifier, passed::add, (folder, output) -> failed.add(folder));
    }

    @Test
    void aConfigHaproxyWouldNotLoadIsReportedWithItsFolder() throws Exception {
        ConfigGenerations generations = new ConfigGenerations(work);
        try (AfterCheck check = afterCheck(generations)) {
            Path broken = generations.stage(config(VALID + "  no-such-keyword\n"), false);
            check.submit(broken);
            awaitFailures(1);
            assertThat(failed).containsExactly(broken);
        }
    }

    @Test
    void ofABurstOnlyTheNewestIsChecked() throws Exception {
        ConfigGenerations generations = new ConfigGenerations(work);
        try (AfterCheck check = afterCheck(generations)) {
            Path first = generations.stage(config(VALID + "  no-such-keyword\n"), false);
            Path second = generations.stage(config(VALID + "  another-bad-keyword\n"), false);
            check.submit(first);
            check.submit(second);
            awaitFailures(1);
            Thread.sleep(500); // a check of the first folder would have been reported by now
            assertThat(failed).containsExactly(second);
        }
    }

    @Test
    void aValidConfigIsNotReported() throws Exception {
        ConfigGenerations generations = new ConfigGenerations(work);
        try (AfterCheck check = afterCheck(generations)) {
            check.submit(generations.stage(config(VALID), false));
            Path broken = generations.stage(config(VALID + "  no-such-keyword\n"), false);
            Thread.sleep(1500); // long enough for the valid one's check
            check.submit(broken);
            awaitFailures(1);
            assertThat(failed).containsExactly(broken);
            assertThat(passed).hasSize(1).doesNotContain(broken);
        }
    }

    private void awaitFailures(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (failed.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
