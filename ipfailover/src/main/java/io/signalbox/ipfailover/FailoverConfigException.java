package io.signalbox.ipfailover;

/** A failover setting that cannot be used; the message starts with the setting's name. */
public final class FailoverConfigException extends RuntimeException {
    public FailoverConfigException(String message) {
        super(message);
    }
}
