package io.signalbox.router.config;

/** A setting with a bad value; the message names the setting. Start-up stops on it. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
