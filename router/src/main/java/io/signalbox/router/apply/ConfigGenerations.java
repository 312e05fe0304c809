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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configuration folders on disk. Each rendered config is written whole into a new generation folder and
 * checked there; only a config that passed is made current by swapping the {@code conf} symlink in one rename. So
 * {@code conf/} always holds a complete, checked config: what HAProxy runs, and what it restarts from.
 * Certificates live beside the generations in {@code certs/}, named by their contents: a file is written once,
 * with mode 0600, before the config that names it is checked, and removed once no current config names it.
 * When the disk is full or read-only, a write fails with {@link WorkDirException} and leaves nothing half-written
 * behind: no partial generation folder, no certificate under its final name, {@code conf} untouched.
 */
public final class ConfigGenerations {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigGenerations.class);
    private static final int WRITE_CHUNK = 64 * 1024;
    private final Path root;
    private final Path generations;
    private final Path current;
    private final Path certs;
    /** Certificate files known to be complete on disk, so a render of unchanged routes writes none. */
    private final Set<String> written = new HashSet<>();
    private long next;
    /** Whether the marker file exists: written when disk goes ahead of HAProxy, removed when HAProxy catches up. */
    private boolean unapplied;

    public ConfigGenerations(Path workDir) {
        this.root = workDir;
        this.generations = workDir.resolve("generations");
        this.current = workDir.resolve("conf");
        this.certs = workDir.resolve(TlsSettings.CERT_DIR);
        this.unapplied = Files.exists(unappliedMarker());
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
        // Folders a previous run left half-written (it died while staging) or never promoted are of no use.
        if (Files.isDirectory(current)) {
            removeOthersQuietly(current);
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

    /**
     * The config HAProxy runs, read back from the current folder (files and layout), when a daemon adopts a running
     * HAProxy. Empty when there is none, or when the previous daemon made a config current and stopped before HAProxy
     * ran it ({@link #promote} marks that until {@link #markApplied}): then what HAProxy runs is unknown.
     */
    public Optional<RenderedConfig> readCurrent() throws IOException {
        Path layout = current.resolve(LayoutFile.NAME);
        if (!Files.exists(layout) || Files.exists(unappliedMarker())) {
            return Optional.empty();
        }
        Map<String, String> files = new java.util.HashMap<>();
        try (Stream<Path> list = Files.list(current.toRealPath())) {
            for (Path file : list.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                if (!name.equals(LayoutFile.NAME)) {
                    files.put(name, Files.readString(file));
                }
            }
        }
        return Optional.of(LayoutFile.read(Files.readString(layout), files));
    }

    /** HAProxy runs the current config now (started, reloaded, or changed at runtime to match it). */
    public void markApplied() throws IOException {
        if (unapplied) {
            Files.deleteIfExists(unappliedMarker());
            unapplied = false;
        }
    }

    private Path unappliedMarker() {
        return root.resolve("conf.unapplied");
    }

    /**
     * Writes every file of the config into a fresh generation folder, synced to disk, and returns the folder.
     *
     * @throws WorkDirException when something could not be written; the partial folder is removed (or, on a
     *                          read-only disk, left for the next promote to remove)
     */
    public Path stage(RenderedConfig config) throws WorkDirException {
        return stage(config, true);
    }

    /**
     * As {@link #stage(RenderedConfig)}, or with {@code sync} false leaving the files in the page cache for now: a
     * crash of this process loses nothing, and {@link #sync(Path)} makes them durable later, off the path of a change
     * to traffic.
     */
    public Path stage(RenderedConfig config, boolean sync) throws WorkDirException {
        Path dir = generations.resolve(Long.toString(next++));
        try {
            for (Map.Entry<String, String> certificate : config.certificates().entrySet()) {
                if (!written.contains(certificate.getKey())) {
                    SecretFiles.write(certs.resolve(certificate.getKey()), certificate.getValue());
                    written.add(certificate.getKey()); // only once complete, so a failed write is tried again
                }
            }
            Files.createDirectories(dir);
            for (Map.Entry<String, String> file : config.files().entrySet()) {
                write(dir.resolve(file.getKey()), file.getValue(), sync);
            }
            write(dir.resolve(LayoutFile.NAME), LayoutFile.write(config), sync);
            return dir;
        } catch (IOException e) {
            discard(dir);
            throw new WorkDirException("cannot write a new configuration into " + dir, e);
        }
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
    public void promote(Path stagedDir, RenderedConfig config) throws WorkDirException {
        makeCurrent(stagedDir);
        tidy(stagedDir, config);
    }

    /** The atomic half of {@link #promote}: the symlink swap alone. */
    public void makeCurrent(Path stagedDir) throws WorkDirException {
        Path link = root.resolve("conf.next");
        try {
            // Disk is ahead of HAProxy from here until markApplied: an adopting daemon must not trust it as what runs.
            if (!unapplied) {
                Files.writeString(unappliedMarker(), "");
                unapplied = true;
            }
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, root.relativize(stagedDir));
            Files.move(link, current, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new WorkDirException("cannot make " + stagedDir + " the current configuration", e);
        }
    }

    /**
     * The rest of {@link #promote}, which may wait: removes older generations and certificates no longer named. What
     * fails here (a read-only disk) is tried again by the next tidy.
     */
    public void tidy(Path stagedDir, RenderedConfig config) {
        removeOthersQuietly(stagedDir);
        for (String name : List.copyOf(written)) {
            if (!config.certificates().containsKey(name)) {
                try {
                    Files.deleteIfExists(certs.resolve(name));
                    written.remove(name);
                } catch (IOException e) {
                    LOG.debug("cannot remove unused certificate {} yet: {}", name, e.toString());
                }
            }
        }
    }

    private static void write(Path target, String text, boolean sync) throws IOException {
        try (FileChannel channel = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            // In pieces: the bytes of a 10 MB config at once would be one more big array for a small heap to collect,
            // and the channel would copy them into a native buffer of the same size that it keeps for the thread.
            // getBytes copies an ASCII piece at once; Charset.encode goes char by char (a third of a big write).
            for (int from = 0; from < text.length(); ) {
                int to = Math.min(text.length(), from + WRITE_CHUNK);
                if (to < text.length() && Character.isHighSurrogate(text.charAt(to - 1))) {
                    to--; // a surrogate pair encodes whole, in one piece
                }
                ByteBuffer bytes = ByteBuffer.wrap(text.substring(from, to).getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                from = to;
            }
            if (sync) {
                channel.force(true);
            }
        }
    }

    /**
     * Removes a staged folder that failed its check or could not be written whole. On a read-only disk it stays,
     * never named by {@code conf}, until the next promote removes every folder but the current one.
     */
    public void discard(Path stagedDir) {
        try {
            deleteTree(stagedDir);
        } catch (IOException e) {
            LOG.debug("cannot remove {} yet: {}", stagedDir, e.toString());
        }
    }

    private void removeOthersQuietly(Path keep) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(generations)) {
            Path kept = keep.toRealPath().getFileName();
            for (Path dir : dirs) {
                if (!dir.getFileName().equals(kept)) {
                    deleteTree(dir);
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot remove old configuration folders yet: {}", e.toString());
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
