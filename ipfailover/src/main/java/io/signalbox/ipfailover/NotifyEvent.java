package io.signalbox.ipfailover;

import java.util.Optional;
import java.util.regex.Pattern;

/** One line keepalived writes to its notify FIFO: {@code INSTANCE "VIP_1" MASTER 250}. */
public record NotifyEvent(String instance, VrrpRole role, int priority) {
    private static final Pattern LINE = Pattern.compile("INSTANCE \"([^\"]+)\" ([A-Z]+) ([0-9]+)");

    /** Empty for lines about anything but an instance (groups, the checker), which we do not configure. */
    public static Optional<NotifyEvent> parse(String line) {
        var m = LINE.matcher(line.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new NotifyEvent(m.group(1), VrrpRole.fromNotify(m.group(2)), Integer.parseInt(m.group(3))));
    }
}
