package io.signalbox.router.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Typed reads of environment settings; every failure names the variable. */
public final class EnvReader {
    private static final Pattern GO_DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");
    private static final Pattern HAPROXY_TIME = Pattern.compile("[1-9][0-9]*(us|ms|s|m|h|d)?");

    private final Map<String, String> env;

    public EnvReader(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** The value, or empty when unset or blank. */
    public Optional<String> get(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    public String string(String name, String fallback) {
        return get(name).orElse(fallback);
    }

    /** Go's strconv.ParseBool, as OpenShift reads its switches. */
    public boolean bool(String name, boolean fallback) {
        Optional<String> value = get(name);
        if (value.isEmpty()) {
            return fallback;
        }
        return switch (value.get()) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw new ConfigException(name + "=" + value.get() + ": not a boolean (use true or false)");
        };
    }

    public int port(String name, int fallback) {
        return get(name).map(v -> portValue(name, v)).orElse(fallback);
    }

    /** A port number from text, or a ConfigException naming the setting. */
    static int portValue(String name, String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(name + "=" + text + ": not a port number (1-65535)");
    }

    public int positiveInt(String name, int fallback) {
        Optional<String> value = get(name);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.get());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(name + "=" + value.get() + ": not a positive whole number");
    }

    public int nonNegativeInt(String name, int fallback) {
        Optional<String> value = get(name);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.get());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(name + "=" + value.get() + ": not a whole number (0 or more)");
    }

    /** A Go duration ("5s", "500ms", "1m30s"), as OpenShift's RELOAD_INTERVAL. */
    public Duration goDuration(String name, Duration fallback) {
        Optional<String> value = get(name);
        if (value.isEmpty()) {
            return fallback;
        }
        String text = value.get();
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = GO_DURATION_PART.matcher(text);
        double nanos = 0;
        int end = 0;
        while (m.find() && m.start() == end) {
            double amount = Double.parseDouble(m.group(1));
            nanos += amount * switch (m.group(2)) {
                case "ns" -> 1d;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
            end = m.end();
        }
        if (end != text.length() || end == 0) {
            throw new ConfigException(name + "=" + text + ": not a duration (examples: 5s, 500ms, 1m30s)");
        }
        return Duration.ofNanos((long) nanos);
    }

    /** A HAProxy time value ([1-9][0-9]*(us|ms|s|m|h|d)?), as the template's timeouts. */
    public String haproxyTime(String name, String fallback) {
        Optional<String> value = get(name);
        if (value.isPresent() && !HAPROXY_TIME.matcher(value.get()).matches()) {
            throw new ConfigException(name + "=" + value.get() + ": not a HAProxy time (examples: 5000ms, 5s, 1m)");
        }
        return value.orElse(fallback);
    }

    /** A comma list, trimmed, empty items dropped (ROUTER_ALLOWED_DOMAINS and the like). */
    public Set<String> domainList(String name) {
        Set<String> result = new LinkedHashSet<>();
        get(name).ifPresent(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .forEach(result::add));
        return result;
    }

    public Optional<Path> path(String name) {
        return get(name).map(Path::of);
    }
}
