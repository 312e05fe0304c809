package io.signalbox.router.apply;

import io.signalbox.router.render.RenderedConfig;
import io.signalbox.router.tls.SecretFiles;
import io.signalbox.router.tls.TlsSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The configuration folders on disk. Each rendered config is written whole into a new generation folder and
 * checked there; only a config that passed is made current by swapping the {@code conf} symlink in one rename. So
 * {@code conf/} always holds a complete, checked config: what HAProxy runs, and what it restarts from.
 * Certificates live beside the generations in {@code certs/}, named by their contents: a file is written once,
 * with mode 0600, before the config that names it is checked, and removed once no current config names it.
 */
public final class ConfigGenerations {
    private final Path root;
    private final Path generations;
    private final Path current;
    private final Path certs;
    /** Certificate files known to be complete on disk, so a render of unchanged routes writes none. */
    private final Set<String> written = new HashSet<>();
    private long next;

    public ConfigGenerations(Path workDir) {
        this.root = workDir;
        this.generations = workDir.resolve("generations");
        this.current = workDir.resolve("conf");
        this.certs = workDir.resolve(TlsSettings.CERT_DIR);
        try {
            Files.createDirectories(generations);
            Files.createDirectories(certs, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            try (Stream<Path> existing = Files.list(certs)) {
                existing.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".pem")).forEach(written::add);
            }
            try (Stream<Path> existing = Files.list(generations)) {
                next = existing.map(ConfigGenerations::number).max(Long::compare).orElse(0L) + 1;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + generations, e);
        }
    }

    /** The symlink HAProxy reads its config through. */
    public Path currentDir() {
        return current;
    }

    public Path currentConfig() {
        return current.resolve(RenderedConfig.CONFIG_FILE);
    }

    /** True when a checked config is in place (after the first successful apply, or from a previous run). */
    public boolean hasCurrent() {
        return Files.exists(currentConfig());
    }

    /** The bytes of the current config's files, to compare a new render against. */
    public Optional<String> currentFile(String name) {
        Path file = current.resolve(name);
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Writes every file of the config into a fresh generation folder, synced to disk, and returns the folder. */
    public Path stage(RenderedConfig config) throws IOException {
        return stage(config, true);
    }

    /**
     * @param sync false to leave the files in the page cache for now: a crash of this process loses nothing, and
     *             {@link #sync(Path)} makes them durable later, off the path of a change to traffic
     */
    public Path stage(RenderedConfig config, boolean sync) throws IOException {
        for (Map.Entry<String, String> certificate : config.certificates().entrySet()) {
            if (written.add(certificate.getKey())) {
                SecretFiles.write(certs.resolve(certificate.getKey()), certificate.getValue());
            }
        }
        Path dir = generations.resolve(Long.toString(next++));
        Files.createDirectories(dir);
        for (Map.Entry<String, String> file : config.files().entrySet()) {
            Path target = dir.resolve(file.getKey());
            try (FileChannel channel = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                // getBytes copies an ASCII string at once; Charset.encode goes char by char (a third of a big write)
                channel.write(ByteBuffer.wrap(file.getValue().getBytes(StandardCharsets.UTF_8)));
                if (sync) {
                    channel.force(true);
                }
            }
        }
        return dir;
    }

    /** Forces a folder staged without sync to disk; false when it is gone (a newer generation replaced it). */
    public boolean sync(Path stagedDir) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(stagedDir)) {
            for (Path file : files) {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
            }
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /**
     * Makes a staged folder current: a new symlink renamed over the old one, atomic on POSIX file systems. Older
     * generations go, and so do certificates that this config does not name (routes that went away).
     */
    public void promote(Path stagedDir, RenderedConfig config) throws IOException {
        makeCurrent(stagedDir);
        tidy(stagedDir, config);
    }

    /** The atomic half of {@link #promote}: the symlink swap alone. */
    public void makeCurrent(Path stagedDir) throws IOException {
        Path link = root.resolve("conf.next");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, root.relativize(stagedDir));
        Files.move(link, current, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The rest of {@link #promote}, which may wait: removes older generations and certificates no longer named. */
    public void tidy(Path stagedDir, RenderedConfig config) throws IOException {
        removeAllBut(stagedDir);
        for (String name : List.copyOf(written)) {
            if (!config.certificates().containsKey(name)) {
                Files.deleteIfExists(certs.resolve(name));
                written.remove(name);
            }
        }
    }

    /** Removes a staged folder that failed its check. */
    public void discard(Path stagedDir) throws IOException {
        deleteTree(stagedDir);
    }

    private void removeAllBut(Path keep) throws IOException {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(generations)) {
            for (Path dir : dirs) {
                if (!dir.getFileName().equals(keep.getFileName())) {
                    deleteTree(dir);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static long number(Path dir) {
        try {
            return Long.parseLong(dir.getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
