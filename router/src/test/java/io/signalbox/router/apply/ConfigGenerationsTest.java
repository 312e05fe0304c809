package io.signalbox.router.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signalbox.router.model.ObjectRef;
import io.signalbox.router.render.PoolLayout;
import io.signalbox.router.render.RenderedConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigGenerationsTest {
    @TempDir
    Path work;

    private static RenderedConfig config(Map<String, String> certificates) {
        return new RenderedConfig(Map.of(RenderedConfig.CONFIG_FILE, "global\n"), certificates, Map.of());
    }

    @Test
    void certificatesAreWrittenOwnerOnlyBeforeTheCheckAndGoWhenNoCurrentConfigNamesThem() throws Exception {
        ConfigGenerations generations = new ConfigGenerations(work);
        RenderedConfig first = config(Map.of("a.pem", "KEY A\n", "b.pem", "KEY B\n"));
        Path staged = generations.stage(first);
        Path a = work.resolve("certs/a.pem");
        assertThat(a).hasContent("KEY A");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(a))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(work.resolve("certs"))))
                .isEqualTo("rwx------");
        generations.promote(staged, first);

        RenderedConfig second = config(Map.of("b.pem", "KEY B\n"));
        generations.promote(generations.stage(second), second);
        assertThat(a).doesNotExist();
        assertThat(work.resolve("certs/b.pem")).exists();
    }

    @Test
    void aFileAlreadyOnDiskIsNotWrittenAgain() throws Exception {
        RenderedConfig config = config(Map.of("a.pem", "KEY A\n"));
        ConfigGenerations generations = new ConfigGenerations(work);
        generations.promote(generations.stage(config), config);
        Path a = work.resolve("certs/a.pem");
        Files.setLastModifiedTime(a, java.nio.file.attribute.FileTime.fromMillis(0));
        ConfigGenerations afterRestart = new ConfigGenerations(work);
        afterRestart.stage(config);
        assertThat(Files.getLastModifiedTime(a).toMillis()).isZero();
    }

    @Test
    void aConfigThatCannotBeWrittenWholeLeavesNoFolderBehindAndConfUntouched() throws Exception {
        ConfigGenerations generations = new ConfigGenerations(work);
        RenderedConfig good = config(Map.of());
        Path current = generations.stage(good);
        generations.promote(current, good);
        // A file in a folder that does not exist fails half-way, as a full disk would.
        RenderedConfig broken = new RenderedConfig(Map.of(RenderedConfig.CONFIG_FILE, "global\n",
                "missing/x.map", "x\n"), Map.of(), Map.of());

        assertThatThrownBy(() -> generations.stage(broken)).isInstanceOf(WorkDirException.class)
                .hasMessageContaining("cannot write a new configuration");
        try (var left = Files.list(work.resolve("generations"))) {
            assertThat(left).containsExactly(current);
        }
        assertThat(work.resolve("conf").toRealPath()).isEqualTo(current.toRealPath());
    }

    @Test
    void foldersAnEarlierRunLeftBesideTheCurrentOneGoAtStart() throws Exception {
        ConfigGenerations generations = new ConfigGenerations(work);
        RenderedConfig config = config(Map.of());
        Path current = generations.stage(config);
        generations.promote(current, config);
        Path leftover = generations.stage(config); // staged, never promoted: the daemon died here

        new ConfigGenerations(work);
        assertThat(leftover).doesNotExist();
        assertThat(work.resolve("conf/haproxy.config")).exists();
    }

    @Test
    void theRunningConfigIsReadBackWithItsLayoutOnlyOnceHaproxyRunsIt() throws Exception {
        PoolLayout pool = new PoolLayout(new TreeSet<>(Set.of("be_pool_http_1", "be_pool_http_2")),
                Map.of(new ObjectRef("apps", "web"), "be_pool_http_1", new ObjectRef("apps", "db"), "be_tcp:apps:db"),
                Map.of("be_pool_http_1", "be_http:apps:web"));
        RenderedConfig served = new RenderedConfig(Map.of(RenderedConfig.CONFIG_FILE, "global\n", "os_http_be.map",
                "^web\\.example\\.com$ be_pool_http_1\n"), Map.of(), Map.of(), pool,
                Set.of("be_pool_http_1", "be_pool_http_2", "be_tcp:apps:db"));
        ConfigGenerations generations = new ConfigGenerations(work);
        generations.promote(generations.stage(served), served);

        // Made current, but HAProxy does not run it yet: an adopting daemon must not take it for what runs.
        assertThat(new ConfigGenerations(work).readCurrent()).isEmpty();

        generations.markApplied();
        RenderedConfig read = new ConfigGenerations(work).readCurrent().orElseThrow();
        assertThat(read.files()).isEqualTo(served.files());
        assertThat(read.pool()).isEqualTo(pool);
        assertThat(read.routeBackends()).isEqualTo(served.routeBackends());
    }
}
