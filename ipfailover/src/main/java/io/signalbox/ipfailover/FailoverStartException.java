package io.signalbox.ipfailover;

import java.io.IOException;

/** Failover could not start; the message says why, with keepalived's own words when it refused the config. */
public final class FailoverStartException extends IOException {
    public FailoverStartException(String message) {
        super(message);
    }
}
