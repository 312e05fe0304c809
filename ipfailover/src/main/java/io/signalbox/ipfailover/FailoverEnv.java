package io.signalbox.ipfailover;

import java.util.Map;
import java.util.Optional;

/** Typed reads of environment settings for failover; every failure names the variable. */
final class FailoverEnv {
    private final Map<String, String> env;

    FailoverEnv(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** The value, or empty when unset or blank. */
    Optional<String> get(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    String required(String name, String what) {
        return get(name).orElseThrow(() -> new FailoverConfigException(name + ": required (" + what + ")"));
    }

    int integer(String name, int fallback, int min, int max) {
        Optional<String> value = get(name);
        if (value.isEmpty()) {
            return fallback;
        }
        if (value.get().matches("-?[0-9]{1,9}")) {
            int parsed = Integer.parseInt(value.get());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        }
        throw new FailoverConfigException(name + ": '" + value.get() + "' is not a whole number from " + min
                + " to " + max);
    }

    /** Go's strconv.ParseBool, as OpenShift reads its switches. */
    boolean bool(String name, boolean fallback) {
        Optional<String> value = get(name);
        if (value.isEmpty()) {
            return fallback;
        }
        return switch (value.get()) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw new FailoverConfigException(name + ": '" + value.get()
                    + "' is not a boolean (use true or false)");
        };
    }
}
