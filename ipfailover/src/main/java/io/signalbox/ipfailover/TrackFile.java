package io.signalbox.ipfailover;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * keepalived's {@code track_file}: 0 healthy, 1 fault. keepalived re-reads it through inotify about 1 ms after it
 * changes. Written to a temporary file and renamed over, because keepalived would read a half-written or missing
 * file as healthy.
 */
public final class TrackFile {
    private final Path file;

    public TrackFile(Path file) {
        this.file = file;
    }

    public synchronized void write(boolean healthy) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, healthy ? "0\n" : "1\n", StandardCharsets.US_ASCII);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    public boolean readsHealthy() throws IOException {
        return Files.readString(file, StandardCharsets.US_ASCII).trim().equals("0");
    }
}
