package io.signalbox.router.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scan state of one manifests directory. Each {@link #rescan()} re-reads the files that changed and returns
 * what changed for the router. Rules, chosen so that a mistake in one file never takes traffic away from
 * anything else:
 * <ul>
 *   <li>A file that cannot be read or parsed as a whole keeps serving its last good objects.</li>
 *   <li>An object that fails to convert keeps its previous version from the same file when its kind, namespace
 *       and name can still be read; otherwise it is gone.</li>
 *   <li>A deleted file's objects are deleted.</li>
 *   <li>The same kind/namespace/name in two files: the file whose path sorts first wins; the other is a problem.</li>
 *   <li>A directory that cannot be listed changes nothing.</li>
 * </ul>
 * Not thread-safe: one thread rescans. {@link #problems()} may be read from any thread.
 */
public final class ManifestDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(ManifestDirectory.class);
    /** File systems keep mtimes coarsely; a file this young may have been rewritten at the same size and mtime. */
    private static final Duration RACY_WINDOW = Duration.ofSeconds(2);

    private final Path root;
    private final ManifestParser parser;
    private final SortedMap<Path, FileState> files = new TreeMap<>();
    private ManifestView view = ManifestView.EMPTY;
    private volatile List<ManifestProblem> problems = List.of();

    public ManifestDirectory(Path root) {
        this(root, new ManifestParser());
    }

    public ManifestDirectory(Path root, ManifestParser parser) {
        this.root = root;
        this.parser = parser;
    }

    /** Re-reads changed files and returns the events that bring the router from the previous scan to this one. */
    public List<SourceEvent> rescan() {
        ManifestTree tree;
        try {
            tree = ManifestTree.list(root);
        } catch (IOException e) {
            publishProblems(List.of(new ManifestProblem(root, "directory", "cannot be listed, nothing changed: " + e)));
            return List.of();
        }
        files.keySet().retainAll(tree.files().keySet());
        tree.files().forEach(this::refresh);

        List<ManifestProblem> current = new ArrayList<>();
        Map<ObjectKey, Path> owners = new HashMap<>();
        Map<ObjectKey, ManifestObject> merged = new LinkedHashMap<>();
        files.forEach((path, state) -> {
            current.addAll(state.problems());
            state.objects().forEach((key, object) -> {
                Path owner = owners.putIfAbsent(key, path);
                if (owner == null) {
                    merged.put(key, object);
                } else {
                    current.add(new ManifestProblem(path, key.toString(),
                            "also defined in " + owner + ", which is used because its path sorts first"));
                }
            });
        });
        publishProblems(current);

        ManifestView next = ManifestView.of(merged.values());
        List<SourceEvent> events = ViewDiff.between(view, next);
        view = next;
        return events;
    }

    /** The problems found by the last scan. */
    public List<ManifestProblem> problems() {
        return problems;
    }

    private void refresh(Path path, BasicFileAttributes attrs) {
        FileStamp stamp = new FileStamp(attrs.size(), attrs.lastModifiedTime());
        FileState old = files.getOrDefault(path, FileState.NONE);
        if (stamp.equals(old.stamp()) && !stamp.isRecent()) {
            return;
        }
        byte[] content;
        try {
            content = ManifestFileReader.read(path, parser.maxBytes() + 1);
        } catch (ManifestFileReader.ChangedWhileReading e) {
            // Being written right now: it keeps serving what it did, and the write's own events bring a rescan.
            LOG.debug("{}; reading it again on the next scan", e.getMessage());
            files.put(path, new FileState(null, null, old.objects(), old.problems()));
            return;
        } catch (IOException e) {
            // No stamp and no hash: the next scan tries again.
            files.put(path, new FileState(null, null, old.objects(),
                    List.of(new ManifestProblem(path, ManifestProblem.WHOLE_FILE, "cannot be read: " + e))));
            return;
        }
        String hash = sha256(content);
        if (hash.equals(old.hash())) {
            files.put(path, new FileState(stamp, hash, old.objects(), old.problems()));
            return;
        }
        ParsedFile parsed = parser.parse(path, content);
        Map<ObjectKey, ManifestObject> objects = new LinkedHashMap<>();
        if (parsed.garbled()) {
            objects.putAll(old.objects());
        } else {
            parsed.objects().forEach(object -> objects.put(object.key(), object));
            parsed.failed().stream()
                    .filter(old.objects()::containsKey)
                    .forEach(key -> objects.put(key, old.objects().get(key)));
        }
        files.put(path, new FileState(stamp, hash, objects, parsed.problems()));
    }

    /** Logs each problem once when it appears, and once when it clears. */
    private void publishProblems(List<ManifestProblem> current) {
        Set<ManifestProblem> before = new HashSet<>(problems);
        Set<ManifestProblem> now = new HashSet<>(current);
        current.stream().filter(p -> !before.contains(p)).forEach(p -> LOG.warn("manifest problem: {}", p));
        problems.stream().filter(p -> !now.contains(p)).forEach(p -> LOG.info("manifest problem cleared: {}", p));
        problems = List.copyOf(current);
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private record FileStamp(long size, FileTime modified) {
        boolean isRecent() {
            return modified.toInstant().isAfter(Instant.now().minus(RACY_WINDOW));
        }
    }

    /** One file's last scan: the objects it serves (possibly from an earlier version of the file) and its problems. */
    private record FileState(FileStamp stamp, String hash, Map<ObjectKey, ManifestObject> objects,
                             List<ManifestProblem> problems) {
        static final FileState NONE = new FileState(null, null, Map.of(), List.of());

        FileState {
            objects = Collections.unmodifiableMap(new LinkedHashMap<>(objects)); // file order, for stable reports
            problems = List.copyOf(problems);
        }
    }
}
