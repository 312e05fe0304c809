package io.signalbox.router.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
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
 * {@link ManifestDirectory#rescan()}, which re-reads only the files whose size or time changed.
 *
 * <p>A file renamed into place or deleted is complete at the event, so it is rescanned at once: a change reaches the
 * router in about a millisecond. Only a file written in place (a modify event) may still be half written, so then
 * the watcher waits until the folder has been quiet for a short while. Changes arriving while the router
 * applies are batched by the router, not here.
 */
public final class ManifestDirectorySource implements RouteSource {
    private static final Logger LOG = LoggerFactory.getLogger(ManifestDirectorySource.class);
    /** How long a folder written in place must stay quiet before it is read: a writer's next write comes sooner. */
    private static final Duration QUIET = Duration.ofMillis(20);
    /** A writer that never pauses is read anyway after this long; the next change event reads it again. */
    private static final Duration QUIET_AT_MOST = Duration.ofMillis(500);
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
                    boolean writtenInPlace = drainAll(key);
                    long readAnyway = System.nanoTime() + QUIET_AT_MOST.toNanos();
                    while (writtenInPlace && System.nanoTime() < readAnyway) {
                        WatchKey more = watcher.poll(QUIET.toMillis(), TimeUnit.MILLISECONDS);
                        writtenInPlace = more != null && drainAll(more);
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

    /** Drains this key and every other pending one; true when a visible file was written in place. */
    private boolean drainAll(WatchKey first) {
        boolean modified = false;
        for (WatchKey key = first; key != null; key = watcher.poll()) {
            for (WatchEvent<?> event : key.pollEvents()) {
                // Hidden entries count for the rescan (a ConfigMap volume swaps its "..data" link), not for waiting:
                // an editor's hidden temporary file is renamed into place, complete, as an event of its own.
                modified |= event.kind() == StandardWatchEventKinds.ENTRY_MODIFY
                        && !event.context().toString().startsWith(".");
            }
            key.reset();
        }
        return modified;
    }

    /** Registering an already watched directory again is harmless: it returns the same key. */
    private void registerDirectories() throws IOException {
        for (Path directory : ManifestTree.list(dir).directories()) {
            directory.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                    StandardWatchEventKinds.ENTRY_MODIFY);
        }
    }
}
