package io.signalbox.router.apply;

import java.io.IOException;

/**
 * The working directory could not be written (full, read-only, gone): nothing half-written was left behind, and
 * the same apply can succeed once the disk is usable again, so it is worth retrying.
 */
public final class WorkDirException extends IOException {
    public WorkDirException(String message, IOException cause) {
        super(message + ": " + cause.getMessage(), cause);
    }
}
