package io.signalbox.router.source;

import java.util.List;
import java.util.Set;

/**
 * What one manifest file yielded.
 *
 * @param objects  the objects that converted cleanly, in file order, duplicates within the file removed
 * @param failed   objects whose kind, namespace and name could be read but that failed to convert; their previous
 *                 version may keep serving
 * @param garbled  true when the file could not be read as a whole (syntax error, too large): nothing in it is known
 */
public record ParsedFile(List<ManifestObject> objects, Set<ObjectKey> failed, List<ManifestProblem> problems,
                         boolean garbled) {
    public ParsedFile {
        objects = List.copyOf(objects);
        failed = Set.copyOf(failed);
        problems = List.copyOf(problems);
    }

    static ParsedFile garbled(ManifestProblem problem) {
        return new ParsedFile(List.of(), Set.of(), List.of(problem), true);
    }
}
