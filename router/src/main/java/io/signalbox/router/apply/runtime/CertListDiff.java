package io.signalbox.router.apply.runtime;

import io.signalbox.router.apply.runtime.RuntimeOp.AddCertListEntry;
import io.signalbox.router.apply.runtime.RuntimeOp.AddCertificate;
import io.signalbox.router.apply.runtime.RuntimeOp.DeleteCertListEntry;
import io.signalbox.router.apply.runtime.RuntimeOp.DeleteCertificate;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The runtime operations that take the SNI frontend's crt-list (and the certificates it names) from the running
 * render to the next: new certificate files are loaded and their entries added before traffic may need them;
 * entries that went away are deleted, then the certificates no entry names any more. Certificate files are named by
 * their contents, so a changed certificate is a new file and an entry that goes. Pure.
 */
final class CertListDiff {
    /**
     * @param first operations before the map entries change (a new route's certificate serves before its host routes)
     * @param last  operations after the map entries changed
     */
    record Ops(List<RuntimeOp> first, List<RuntimeOp> last) {
    }

    private CertListDiff() {
    }

    /**
     * Empty when a reload is needed: an entry goes whose certificate file HAProxy holds in more than one entry (it
     * then wants the entry's line number, which entries added at runtime do not keep), or whose file gets another
     * entry in the same change.
     */
    static Optional<Ops> plan(RenderModel running, RenderModel next) {
        Set<String> before = new LinkedHashSet<>(running.certList());
        Set<String> after = new LinkedHashSet<>(next.certList());
        Map<String, Integer> entriesBefore = countByFile(running.certList());
        Map<String, Integer> entriesAfter = countByFile(next.certList());
        List<RuntimeOp> first = new ArrayList<>();
        List<RuntimeOp> last = new ArrayList<>();
        Set<String> addedFiles = new LinkedHashSet<>();
        for (String line : after) {
            if (before.contains(line)) {
                continue;
            }
            String file = fileOf(line);
            if (!entriesBefore.containsKey(file) && addedFiles.add(file)) {
                String pem = next.certificates().get(Path.of(file).getFileName().toString());
                if (pem == null) {
                    return Optional.empty();
                }
                first.add(new AddCertificate(file, pem));
            }
            first.add(new AddCertListEntry(line));
        }
        Set<String> addedEntryFiles = new LinkedHashSet<>();
        after.stream().filter(l -> !before.contains(l)).forEach(l -> addedEntryFiles.add(fileOf(l)));
        for (String line : before) {
            if (after.contains(line)) {
                continue;
            }
            String file = fileOf(line);
            if (entriesBefore.get(file) > 1 || addedEntryFiles.contains(file)) {
                return Optional.empty();
            }
            last.add(new DeleteCertListEntry(file));
            if (!entriesAfter.containsKey(file)) {
                last.add(new DeleteCertificate(file));
            }
        }
        return Optional.of(new Ops(first, last));
    }

    private static Map<String, Integer> countByFile(List<String> lines) {
        Map<String, Integer> counts = new HashMap<>();
        lines.forEach(l -> counts.merge(fileOf(l), 1, Integer::sum));
        return counts;
    }

    /** A crt-list line starts with the certificate file's path (written without spaces). */
    private static String fileOf(String line) {
        int space = line.indexOf(' ');
        return space < 0 ? line : line.substring(0, space);
    }
}
