package io.signalbox.haproxy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the log file a detached process (HAProxy, keepalived) appends its output to, and hands each new line on.
 * Their output goes to a file rather than a pipe into the JVM so that they never depend on the JVM being alive, and
 * so that a daemon that adopts them after a restart still reads what they say. Once everything up to a point past
 * {@code maxBytes} is read, the file is truncated: the processes append (O_APPEND), so they write on at its start.
 * A line written between our last read and the truncation is lost; the cap keeps a long-running node's disk bounded.
 */
public final class LogFollower implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LogFollower.class);
    private static final long POLL_MILLIS = 100;
    private static final int MAX_LINE = 16 * 1024;

    private final Path file;
    private final long maxBytes;
    private final Consumer<String> sink;
    private final ScheduledExecutorService poller;
    private final java.io.ByteArrayOutputStream partial = new java.io.ByteArrayOutputStream();
    private long position;

    /** Follows {@code file} from its current end; lines written before are not handed on. */
    public LogFollower(Path file, long maxBytes, Consumer<String> sink) {
        this.file = file;
        this.maxBytes = maxBytes;
        this.sink = sink;
        this.position = size();
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "log-follower " + file.getFileName());
            thread.setDaemon(true);
            return thread;
        });
        poller.scheduleWithFixedDelay(this::readQuietly, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Hands on every complete line written so far, now, on the caller's thread. */
    public synchronized void read() throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            if (length < position) {
                position = 0; // truncated by someone else
            }
            in.seek(position);
            byte[] buffer = new byte[8192];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                position += n;
                split(buffer, n);
            }
        }
        if (position > maxBytes) {
            try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
                out.setLength(0);
            }
            position = 0;
        }
    }

    // Split on bytes, not characters, so a UTF-8 sequence cut by the buffer stays whole.
    private void split(byte[] buffer, int length) {
        for (int i = 0; i < length; i++) {
            if (buffer[i] == '\n') {
                sink.accept(partial.toString(StandardCharsets.UTF_8));
                partial.reset();
            } else if (partial.size() < MAX_LINE) {
                partial.write(buffer[i]);
            }
        }
    }

    private void readQuietly() {
        try {
            read();
        } catch (IOException | RuntimeException e) {
            log.debug("reading {}: {}", file, e.toString());
        }
    }

    private long size() {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** Stops following after handing on what is there. */
    @Override
    public void close() {
        poller.shutdownNow();
        readQuietly();
    }
}
