package io.signalbox.router.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signalbox.router.source.SourceEvent.RouteUpserted;
import io.signalbox.router.source.SourceEvent.Synced;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestDirectorySourceTest {
    /** Long enough that only the watcher, not the safety-net rescan, can deliver within a test. */
    private static final Duration NO_PERIODIC_RESCAN = Duration.ofMinutes(10);
    private static final long WAIT_SECONDS = 5;

    @TempDir
    Path dir;

    private final BlockingQueue<List<SourceEvent>> batches = new LinkedBlockingQueue<>();
    private ManifestDirectorySource source;

    @AfterEach
    void tearDown() {
        if (source != null) {
            source.close();
        }
    }

    private List<SourceEvent> nextBatch() throws InterruptedException {
        List<SourceEvent> batch = batches.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(batch).as("a batch within %d s", WAIT_SECONDS).isNotNull();
        return batch;
    }

    private void start(Duration rescanInterval) {
        source = new ManifestDirectorySource(dir, rescanInterval);
        source.start(batches::add);
    }

    @Test
    void theInitialScanIsOneBatchEndingWithSynced() throws Exception {
        Files.writeString(dir.resolve("a.yaml"), Manifests.route("shop", "web", "a.example.com"));

        start(NO_PERIODIC_RESCAN);

        assertThat(nextBatch()).hasExactlyElementsOfTypes(RouteUpserted.class, Synced.class);
    }

    @Test
    void anEmptyDirectoryStillSyncs() throws Exception {
        start(NO_PERIODIC_RESCAN);

        assertThat(nextBatch()).containsExactly(new Synced());
    }

    @Test
    void theWatcherDeliversAChangeQuickly() throws Exception {
        start(NO_PERIODIC_RESCAN);
        nextBatch();

        Files.writeString(dir.resolve("a.yaml"), Manifests.route("shop", "web", "a.example.com"));

        assertThat(nextBatch()).singleElement().isInstanceOf(RouteUpserted.class);
    }

    @Test
    void filesInANewSubdirectoryAreWatched() throws Exception {
        start(NO_PERIODIC_RESCAN);
        nextBatch();

        Path sub = Files.createDirectory(dir.resolve("team"));
        Files.writeString(sub.resolve("a.yaml"), Manifests.route("shop", "web", "a.example.com"));
        assertThat(nextBatch()).singleElement().isInstanceOf(RouteUpserted.class);

        Files.writeString(sub.resolve("a.yaml"), Manifests.route("shop", "web", "b.example.com"));
        assertThat(nextBatch()).singleElement().isInstanceOfSatisfying(RouteUpserted.class,
                e -> assertThat(e.route().host()).isEqualTo("b.example.com"));
    }

    @Test
    void aSaveByRenameIsSeen() throws Exception {
        Files.writeString(dir.resolve("a.yaml"), Manifests.route("shop", "web", "a.example.com"));
        start(NO_PERIODIC_RESCAN);
        nextBatch();

        Path temp = Files.writeString(dir.resolve(".a.yaml.swp"), Manifests.route("shop", "web", "b.example.com"));
        Files.move(temp, dir.resolve("a.yaml"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        assertThat(nextBatch()).singleElement().isInstanceOfSatisfying(RouteUpserted.class,
                e -> assertThat(e.route().host()).isEqualTo("b.example.com"));
    }

    @Test
    void thePeriodicRescanDeliversChangesToo() throws Exception {
        start(Duration.ofMillis(200));
        nextBatch();

        Files.writeString(dir.resolve("a.yaml"), Manifests.route("shop", "web", "a.example.com"));

        assertThat(nextBatch()).singleElement().isInstanceOf(RouteUpserted.class);
    }

    @Test
    void nothingIsDeliveredAfterClose() throws Exception {
        start(Duration.ofMillis(100));
        nextBatch();
        source.close();

        Files.writeString(dir.resolve("a.yaml"), Manifests.route("shop", "web", "a.example.com"));

        assertThat(batches.poll(500, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void problemsOfTheLastScanAreVisible() throws Exception {
        Files.writeString(dir.resolve("a.yaml"), "kind: [unclosed\n");

        start(NO_PERIODIC_RESCAN);

        assertThat(source.problems()).singleElement()
                .satisfies(p -> assertThat(p.file()).isEqualTo(dir.resolve("a.yaml")));
    }

    @Test
    void aMissingDirectoryIsRefusedAtStart() {
        source = new ManifestDirectorySource(dir.resolve("missing"), NO_PERIODIC_RESCAN);

        assertThatThrownBy(() -> source.start(batches::add))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing")
                .hasMessageContaining("does not exist");
    }

    @Test
    void startingTwiceIsRefused() {
        start(NO_PERIODIC_RESCAN);

        assertThatThrownBy(() -> source.start(batches::add)).isInstanceOf(IllegalStateException.class);
    }
}
