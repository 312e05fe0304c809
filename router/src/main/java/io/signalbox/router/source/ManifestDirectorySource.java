package io.signalbox.router.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a manifests directory to the router: the initial scan as one batch ending with Synced, then a batch for
 * each change, found by a WatchService and, as a safety net for missed events, by a full rescan every
 * rescanInterval. Watching only says "look again"; what changed is always decided by a full
 * {@link ManifestDirectory#rescan()}.
 */
public final class ManifestDirectorySource implements RouteSource {
    private static final Logger LOG = LoggerFactory.getLogger(ManifestDirectorySource.class);
    /** Editors write a temporary file and rename it; waiting a little lets the whole save land in one rescan. */
    private static final Duration DEBOUNCE = Duration.ofMillis(50);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final Path dir;
    private final Duration rescanInterval;
    private final ManifestDirectory directory;
    private WatchService watcher;
    private Thread thread;
    private volatile boolean closed;

    public ManifestDirectorySource(Path dir, Duration rescanInterval) {
        this(dir, rescanInterval, new ManifestParser());
    }

    /** @param parser reads each file; its size limit is SIGNALBOX_MANIFESTS_MAX_FILE_BYTES */
    public ManifestDirectorySource(Path dir, Duration rescanInterval, ManifestParser parser) {
        if (rescanInterval.isNegative() || rescanInterval.isZero()) {
            throw new IllegalArgumentException("rescan interval must be positive, not " + rescanInterval);
        }
        this.dir = dir;
        this.rescanInterval = rescanInterval;
        this.directory = new ManifestDirectory(dir, parser);
    }

    /** The problems found by the last scan. */
    public List<ManifestProblem> problems() {
        return directory.problems();
    }

    /**
     * Delivers the initial scan on the calling thread, then watches on a daemon thread.
     *
     * @throws IllegalArgumentException when the directory does not exist
     */
    @Override
    public synchronized void start(SourceListener listener) {
        if (thread != null || closed) {
            throw new IllegalStateException("manifests source for " + dir + " was already started");
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("manifests directory " + dir + " does not exist or is not a directory");
        }
        try {
            watcher = dir.getFileSystem().newWatchService();
            registerDirectories(); // before the first scan, so that no change slips in between
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch manifests directory " + dir, e);
        }
        List<SourceEvent> initial = new ArrayList<>(directory.rescan());
        initial.add(new SourceEvent.Synced());
        listener.onEvents(List.copyOf(initial));
        thread = new Thread(() -> watch(listener), "manifests-watch");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void close() {
        closed = true;
        try {
            if (watcher != null) {
                watcher.close(); // wakes the thread out of poll()
            }
            if (thread != null) {
                thread.join(CLOSE_TIMEOUT.toMillis());
            }
        } catch (IOException e) {
            LOG.warn("closing the watch on {} failed", dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void watch(SourceListener listener) {
        while (!closed) {
            try {
                WatchKey key = watcher.poll(rescanInterval.toMillis(), TimeUnit.MILLISECONDS);
                if (key != null) {
                    drain(key);
                    Thread.sleep(DEBOUNCE.toMillis());
                    for (WatchKey more = watcher.poll(); more != null; more = watcher.poll()) {
                        drain(more);
                    }
                    registerDirectories(); // new subdirectories are watched from now on; the rescan reads them
                }
                List<SourceEvent> batch = directory.rescan();
                if (!batch.isEmpty()) {
                    listener.onEvents(batch);
                }
            } catch (ClosedWatchServiceException | InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.error("watching manifests directory {} failed; trying again", dir, e);
            }
        }
    }

    private static void drain(WatchKey key) {
        key.pollEvents();
        key.reset();
    }

    /** Registering an already watched directory again is harmless: it returns the same key. */
    private void registerDirectories() throws IOException {
        for (Path directory : ManifestTree.list(dir).directories()) {
            directory.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                    StandardWatchEventKinds.ENTRY_MODIFY);
        }
    }
}
