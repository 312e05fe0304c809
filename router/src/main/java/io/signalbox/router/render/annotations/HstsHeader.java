package io.signalbox.router.render.annotations;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * haproxy.router.openshift.io/hsts_header: OpenShift's pattern (whole value, any case). OpenShift's \s also matches
 * line breaks, which would split the config line; here only spaces and tabs separate the directives.
 */
public final class HstsHeader {
    public static final String ANNOTATION = "haproxy.router.openshift.io/hsts_header";
    private static final String SPACE = "[ \\t]*";
    private static final String TOKEN = "(?:includeSubDomains|preload)";
    private static final Pattern VALID = Pattern.compile("(?:" + TOKEN + SPACE + ";" + SPACE + ")*max-age" + SPACE + "="
            + SPACE + "(?:[0-9]+|\"[0-9]+\")(?:" + SPACE + ";" + SPACE + TOKEN + ")*", Pattern.CASE_INSENSITIVE);

    private HstsHeader() {
    }

    /** The value to send as Strict-Transport-Security, verbatim, or empty when it does not match. */
    public static Optional<String> parse(String value) {
        return value != null && VALID.matcher(value).matches() ? Optional.of(value) : Optional.empty();
    }
}
