package io.signalbox.router.source;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a manifests directory holds: its subdirectories and its .yaml/.yml/.json files, hidden entries (names
 * starting with '.') left out. Symbolic links are followed, because a ConfigMap volume shows its files as links
 * into a hidden "..data" directory.
 *
 * @param files each file with its attributes, in path order
 */
record ManifestTree(List<Path> directories, SortedMap<Path, BasicFileAttributes> files) {
    private static final List<String> EXTENSIONS = List.of(".yaml", ".yml", ".json");

    /** Throws when the root itself cannot be listed; entries that vanish or fail during the walk are skipped. */
    static ManifestTree list(Path root) throws IOException {
        List<Path> directories = new ArrayList<>();
        SortedMap<Path, BasicFileAttributes> files = new TreeMap<>();
        Files.walkFileTree(root, Set.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (!dir.equals(root) && isHidden(dir)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                directories.add(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && !isHidden(file) && isManifest(file)) {
                    files.put(file, attrs);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (file.equals(root)) {
                    throw e;
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return new ManifestTree(List.copyOf(directories), files);
    }

    private static boolean isHidden(Path path) {
        return path.getFileName().toString().startsWith(".");
    }

    private static boolean isManifest(Path file) {
        String name = file.getFileName().toString();
        return EXTENSIONS.stream().anyMatch(name::endsWith);
    }
}
