package io.signalbox.router.render.annotations;

import java.util.OptionalLong;
import java.util.regex.Pattern;

/** Go's strconv.ParseBool and strconv.Atoi, as OpenShift's template helpers read annotation values. */
public final class GoValues {
    private static final Pattern ATOI = Pattern.compile("[+-]?[0-9]+");

    private GoValues() {
    }

    /** isTrue: only Go's true spellings count; anything else (absent, garbage) is false. */
    public static boolean isTrue(String value) {
        if (value == null) {
            return false;
        }
        return switch (value) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            default -> false;
        };
    }

    /** isInteger: a signed 64-bit decimal, printed back normalized (HAProxy refuses "+5" and leading zeros). */
    public static OptionalLong integer(String value) {
        if (value == null || !ATOI.matcher(value).matches()) {
            return OptionalLong.empty();
        }
        try {
            long n = Long.parseLong(value.startsWith("+") ? value.substring(1) : value);
            // HAProxy's integer matcher cannot represent Long.MIN_VALUE ("not a valid number range").
            return n == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(n);
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
