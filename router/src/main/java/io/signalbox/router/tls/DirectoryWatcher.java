package io.signalbox.router.tls;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls back when anything in one folder changes (OpenShift watches DEFAULT_CERTIFICATE_DIR with fsnotify).
 * Events are merged over a short quiet period, so a secret update that swaps several files or a symlink
 * (Kubernetes' {@code ..data}) gives one call.
 */
public final class DirectoryWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryWatcher.class);
    private static final long QUIET_MILLIS = 100;

    private final WatchService service;
    private final Thread thread;

    public DirectoryWatcher(Path dir, Runnable onChange) throws IOException {
        this.service = FileSystems.getDefault().newWatchService();
        dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
        this.thread = new Thread(() -> run(onChange), "watch-" + dir.getFileName());
        thread.setDaemon(true);
        thread.start();
    }

    private void run(Runnable onChange) {
        try {
            while (true) {
                WatchKey key = service.take();
                do {
                    key.pollEvents();
                    if (!key.reset()) {
                        return;
                    }
                    key = service.poll(QUIET_MILLIS, TimeUnit.MILLISECONDS);
                } while (key != null);
                try {
                    onChange.run();
                } catch (RuntimeException e) {
                    LOG.error("applying a change of a watched folder failed", e);
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        }
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException e) {
            LOG.debug("closing a folder watch: {}", e.toString());
        }
        thread.interrupt();
    }
}
