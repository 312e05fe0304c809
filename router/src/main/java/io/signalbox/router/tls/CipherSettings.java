package io.signalbox.router.tls;

import io.signalbox.router.config.ConfigException;
import io.signalbox.router.config.EnvReader;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The TLS protocol versions and ciphers of the HTTPS frontends: ROUTER_CIPHERS (modern, intermediate, old, or an
 * OpenSSL cipher list), ROUTER_CIPHERSUITES (TLS 1.3), SSL_MIN_VERSION and SSL_MAX_VERSION. Each value is checked
 * against what HAProxy accepts, since it is printed into haproxy.config.
 *
 * @param ciphers      the TLS 1.2-and-older cipher list
 * @param cipherSuites the TLS 1.3 suites, or empty for OpenSSL's default
 * @param minVersion   HAProxy's name of the lowest version
 * @param maxVersion   HAProxy's name of the highest version, or empty for no limit
 */
public record CipherSettings(String ciphers, Optional<String> cipherSuites, String minVersion,
                             Optional<String> maxVersion) {
    /** Mozilla's profiles, as OpenShift's template names them; "modern" lists its TLS 1.2 ciphers. */
    static final String MODERN = "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
            + "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:"
            + "ECDHE-RSA-CHACHA20-POLY1305";
    static final String INTERMEDIATE = MODERN + ":DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384";
    static final String OLD = INTERMEDIATE + ":DHE-RSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-SHA256:"
            + "ECDHE-RSA-AES128-SHA256:ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA384:"
            + "ECDHE-RSA-AES256-SHA384:ECDHE-ECDSA-AES256-SHA:ECDHE-RSA-AES256-SHA:DHE-RSA-AES128-SHA256:"
            + "DHE-RSA-AES256-SHA256:AES128-GCM-SHA256:AES256-GCM-SHA384:AES128-SHA256:AES256-SHA256:AES128-SHA:"
            + "AES256-SHA:DES-CBC3-SHA";
    private static final List<String> VERSIONS = List.of("SSLv3", "TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3");
    private static final Pattern CIPHER_LIST = Pattern.compile("[A-Za-z0-9!+@=._-]+(:[A-Za-z0-9!+@=._-]+)*");
    private static final Pattern SUITE_LIST = Pattern.compile("TLS_[A-Z0-9_]+(:TLS_[A-Z0-9_]+)*");

    public static CipherSettings fromEnv(EnvReader env) {
        String ciphers = switch (env.string("ROUTER_CIPHERS", "intermediate")) {
            case "modern" -> MODERN;
            case "intermediate" -> INTERMEDIATE;
            case "old" -> OLD;
            default -> matching(env, "ROUTER_CIPHERS", CIPHER_LIST,
                    "use modern, intermediate, old or an OpenSSL cipher list such as ECDHE-RSA-AES128-GCM-SHA256:...");
        };
        Optional<String> suites = env.get("ROUTER_CIPHERSUITES").map(v -> matching(env, "ROUTER_CIPHERSUITES",
                SUITE_LIST, "use TLS 1.3 suite names separated by ':', such as TLS_AES_128_GCM_SHA256"));
        String min = version(env, "SSL_MIN_VERSION").orElse("TLSv1.2");
        Optional<String> max = version(env, "SSL_MAX_VERSION");
        if (max.isPresent() && VERSIONS.indexOf(max.get()) < VERSIONS.indexOf(min)) {
            throw new ConfigException("SSL_MAX_VERSION=" + max.get() + ": lower than SSL_MIN_VERSION " + min);
        }
        return new CipherSettings(ciphers, suites, min, max);
    }

    private static String matching(EnvReader env, String name, Pattern pattern, String hint) {
        String value = env.get(name).orElseThrow();
        if (!pattern.matcher(value).matches()) {
            throw new ConfigException(name + "=" + value + ": " + hint);
        }
        return value;
    }

    private static Optional<String> version(EnvReader env, String name) {
        Optional<String> value = env.get(name);
        if (value.isPresent() && !VERSIONS.contains(value.get())) {
            throw new ConfigException(name + "=" + value.get() + ": use one of " + String.join(", ", VERSIONS));
        }
        return value;
    }
}
