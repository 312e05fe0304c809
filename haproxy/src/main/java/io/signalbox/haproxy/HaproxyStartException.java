package io.signalbox.haproxy;

import java.io.IOException;

/** HAProxy exited or never became ready during start; the message carries what it printed. */
public final class HaproxyStartException extends IOException {

    public HaproxyStartException(String reason, String output) {
        super(reason + (output.isEmpty() ? "" : "; HAProxy said:\n" + output));
    }
}
