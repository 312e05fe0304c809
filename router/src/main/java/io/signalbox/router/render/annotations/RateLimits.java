package io.signalbox.router.render.annotations;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BiConsumer;

/**
 * haproxy.router.openshift.io/rate-limit-connections and its three limits. A limit that is not an integer is left
 * out; rate-http only applies to HTTP backends.
 *
 * @param concurrentTcp reject when the client holds this many connections (null: no limit)
 * @param rateTcp       reject when the client opened this many connections in 3 s (null: no limit)
 * @param rateHttp      reject when the client sent this many requests in 10 s (null: no limit)
 */
public record RateLimits(Long concurrentTcp, Long rateTcp, Long rateHttp) {
    public static final String ENABLED = "haproxy.router.openshift.io/rate-limit-connections";
    public static final String CONCURRENT_TCP = ENABLED + ".concurrent-tcp";
    public static final String RATE_TCP = ENABLED + ".rate-tcp";
    public static final String RATE_HTTP = ENABLED + ".rate-http";

    /** The limits when the switch is on; problems get the annotation and what is wrong with its value. */
    static Optional<RateLimits> parse(Map<String, String> annotations, boolean http, BiConsumer<String, String> problems) {
        if (!GoValues.isTrue(annotations.get(ENABLED))) {
            return Optional.empty();
        }
        return Optional.of(new RateLimits(
                limit(annotations, CONCURRENT_TCP, problems),
                limit(annotations, RATE_TCP, problems),
                http ? limit(annotations, RATE_HTTP, problems) : null));
    }

    private static Long limit(Map<String, String> annotations, String name, BiConsumer<String, String> problems) {
        String value = annotations.get(name);
        if (value == null) {
            return null;
        }
        OptionalLong n = GoValues.integer(value);
        if (n.isEmpty()) {
            problems.accept(name, "not an integer: ignored");
            return null;
        }
        return n.getAsLong();
    }
}
