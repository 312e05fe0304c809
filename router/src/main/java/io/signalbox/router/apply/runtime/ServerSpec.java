package io.signalbox.router.apply.runtime;

import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One server line of a route backend as the config renders it: {@code server <name> <address> <options>}. The
 * runtime API gets exactly these options ({@link #cliOptions}), so a server added at runtime is the server a reload
 * would load.
 *
 * @param address a.b.c.d:port or [v6]:port
 * @param options everything after the address
 */
public record ServerSpec(String address, String options) {
    private static final Pattern WEIGHT = Pattern.compile("(^|\\s)weight (\\d+)");
    /** A quoted file path (the config quotes ca-file); only safe characters, as RouterConfig and TlsSettings allow. */
    private static final Pattern QUOTED_PATH = Pattern.compile("\"([A-Za-z0-9/._-]+)\"");
    private static final Pattern CA_FILE = Pattern.compile("(^|\\s)ca-file (\\S+)");

    /** The weight option, 1 when absent (HAProxy's default). */
    public int weight() {
        Matcher m = WEIGHT.matcher(options);
        return m.find() ? Integer.parseInt(m.group(2)) : 1;
    }

    /** Health-checked: the "check" keyword is among the options. */
    public boolean checked() {
        return Arrays.asList(options.split("\\s+")).contains("check");
    }

    /**
     * The options as {@code add server} takes them: HAProxy 2.6's CLI keeps quotes as part of a word, so the quotes
     * around a path (which holds no space) go.
     */
    String cliOptions() {
        return QUOTED_PATH.matcher(options).replaceAll("$1");
    }

    /** The file named by the ca-file option (a reencrypt route's pods are verified against it), if any. */
    Optional<String> caFile() {
        if (!options.contains("ca-file")) {
            return Optional.empty(); // no regex for the servers of every other kind of route
        }
        Matcher m = CA_FILE.matcher(cliOptions());
        return m.find() ? Optional.of(m.group(2)) : Optional.empty();
    }

    /** The options with the weight left out: equal for two servers that differ at most in weight. */
    String optionsButWeight() {
        return WEIGHT.matcher(options).replaceAll("").strip();
    }

    /** The IP without brackets. */
    String ip() {
        String host = address.substring(0, address.lastIndexOf(':'));
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    String port() {
        return address.substring(address.lastIndexOf(':') + 1);
    }
}
