package io.signalbox.haproxy;

import java.util.List;

/**
 * The verdict of {@code haproxy -c} on one configuration file.
 *
 * @param valid      HAProxy accepted the file
 * @param output     what HAProxy printed (notices, warnings and alerts)
 * @param errorLines line numbers of the checked file named in ALERT lines, ascending, without duplicates
 */
public record CheckResult(boolean valid, String output, List<Integer> errorLines) {

    public CheckResult {
        errorLines = List.copyOf(errorLines);
    }
}
