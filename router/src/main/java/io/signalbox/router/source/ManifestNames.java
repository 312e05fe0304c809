package io.signalbox.router.source;

import java.util.regex.Pattern;

/**
 * Kubernetes' DNS-1123 name rules. Manifest names end up in file paths and HAProxy identifiers, so anything the API
 * server would have refused is refused here too.
 */
final class ManifestNames {
    private static final String LABEL_PATTERN = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final Pattern LABEL = Pattern.compile(LABEL_PATTERN);
    private static final Pattern SUBDOMAIN = Pattern.compile(LABEL_PATTERN + "(\\." + LABEL_PATTERN + ")*");

    private ManifestNames() {
    }

    /** Object names: lower-case alphanumerics, '-' and '.', at most 253 characters. */
    static String requireSubdomain(String field, String value) {
        return require(field, value, SUBDOMAIN, 253, "a DNS-1123 subdomain (lower-case letters, digits, '-', '.')");
    }

    /** Namespace names: lower-case alphanumerics and '-', at most 63 characters. */
    static String requireLabel(String field, String value) {
        return require(field, value, LABEL, 63, "a DNS-1123 label (lower-case letters, digits, '-')");
    }

    private static String require(String field, String value, Pattern pattern, int maxLength, String what) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(field + " is missing");
        }
        if (value.length() > maxLength || !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " \"" + value + "\" is not " + what + " of at most "
                    + maxLength + " characters");
        }
        return value;
    }
}
