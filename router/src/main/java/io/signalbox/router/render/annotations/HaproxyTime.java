package io.signalbox.router.render.annotations;

import java.math.BigInteger;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** OpenShift's clipHAProxyTimeoutValue: a HAProxy time value, too large → 2147483647ms, bad syntax → none. */
public final class HaproxyTime {
    public static final String MAX = "2147483647ms";
    private static final Pattern TIME = Pattern.compile("([1-9][0-9]*)(us|ms|s|m|h|d)?");
    private static final BigInteger MAX_MICROS = BigInteger.valueOf(2147483647L * 1000L);

    private HaproxyTime() {
    }

    /** The value as HAProxy should get it, or empty when it is not a time value (no unit means milliseconds). */
    public static Optional<String> clip(String value) {
        if (value == null) {
            return Optional.empty();
        }
        Matcher m = TIME.matcher(value);
        if (!m.matches()) {
            return Optional.empty();
        }
        long microsPerUnit = switch (m.group(2) == null ? "ms" : m.group(2)) {
            case "us" -> 1L;
            case "ms" -> 1_000L;
            case "s" -> 1_000_000L;
            case "m" -> 60_000_000L;
            case "h" -> 3_600_000_000L;
            default -> 86_400_000_000L;
        };
        BigInteger micros = new BigInteger(m.group(1)).multiply(BigInteger.valueOf(microsPerUnit));
        return Optional.of(micros.compareTo(MAX_MICROS) > 0 ? MAX : value);
    }
}
