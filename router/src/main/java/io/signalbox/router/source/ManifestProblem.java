package io.signalbox.router.source;

import java.nio.file.Path;

/**
 * Something wrong in the manifests directory that an operator has to fix.
 *
 * @param file   the file it is in (the directory itself when it cannot be listed)
 * @param object which object, for example {@code document 2 (Route shop/web)}, or {@code file} for the whole file
 * @param reason one line saying what is wrong
 */
public record ManifestProblem(Path file, String object, String reason) {
    static final String WHOLE_FILE = "file";

    @Override
    public String toString() {
        return file + ": " + object + ": " + reason;
    }
}
