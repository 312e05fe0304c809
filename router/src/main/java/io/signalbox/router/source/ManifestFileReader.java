package io.signalbox.router.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * Reads a manifest file, up to a limit, and makes sure what was read is the file: its identity, size and mtime are
 * the same before and after, and as many bytes came as it holds. A file written, truncated or replaced while being
 * read fails with {@link ChangedWhileReading}, so a half-written file never replaces what it served before. (A writer
 * that pauses half-way leaves a file that is stable, so write to a temporary name and rename, as editors do.)
 */
final class ManifestFileReader {
    private ManifestFileReader() {
    }

    /** The file changed while it was read; read it again later. */
    static final class ChangedWhileReading extends IOException {
        ChangedWhileReading(Path file) {
            super(file + " changed while it was read");
        }
    }

    /** At most {@code limit} bytes: a file larger than that is recognised by reading one byte past the limit it has. */
    static byte[] read(Path path, long limit) throws IOException {
        BasicFileAttributes before = Files.readAttributes(path, BasicFileAttributes.class);
        byte[] content;
        try (InputStream in = Files.newInputStream(path)) {
            content = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit));
        }
        BasicFileAttributes after = Files.readAttributes(path, BasicFileAttributes.class);
        boolean same = Objects.equals(before.fileKey(), after.fileKey()) && before.size() == after.size()
                && before.lastModifiedTime().equals(after.lastModifiedTime());
        if (!same || content.length != Math.min(before.size(), limit)) {
            throw new ChangedWhileReading(path);
        }
        return content;
    }
}
