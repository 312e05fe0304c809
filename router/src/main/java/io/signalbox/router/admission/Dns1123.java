package io.signalbox.router.admission;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** apimachinery's IsDNS1123Label / IsDNS1123Subdomain, with their exact messages. */
final class Dns1123 {
    private static final String LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final String SUBDOMAIN_FMT = LABEL_FMT + "(\\." + LABEL_FMT + ")*";
    private static final Pattern LABEL = Pattern.compile(LABEL_FMT);
    private static final Pattern SUBDOMAIN = Pattern.compile(SUBDOMAIN_FMT);
    private static final int LABEL_MAX = 63;
    private static final int SUBDOMAIN_MAX = 253;

    private Dns1123() {
    }

    static List<String> labelErrors(String value) {
        List<String> errors = new ArrayList<>();
        if (value.length() > LABEL_MAX) {
            errors.add(maxLength(LABEL_MAX));
        }
        if (!LABEL.matcher(value).matches()) {
            errors.add(SUBDOMAIN.matcher(value).matches()
                    ? "must not contain dots"
                    : regexError("a lowercase RFC 1123 label must consist of lower case alphanumeric characters"
                            + " or '-', and must start and end with an alphanumeric character",
                            LABEL_FMT, "my-name", "123-abc"));
        }
        return errors;
    }

    static List<String> subdomainErrors(String value) {
        List<String> errors = new ArrayList<>();
        if (value.length() > SUBDOMAIN_MAX) {
            errors.add(maxLength(SUBDOMAIN_MAX));
        }
        if (!SUBDOMAIN.matcher(value).matches()) {
            errors.add(regexError("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric"
                    + " characters, '-' or '.', and must start and end with an alphanumeric character",
                    SUBDOMAIN_FMT, "example.com"));
        }
        return errors;
    }

    private static String maxLength(int length) {
        return "must be no more than " + length + " characters";
    }

    private static String regexError(String message, String format, String... examples) {
        StringBuilder text = new StringBuilder(message).append(" (e.g. ");
        for (int i = 0; i < examples.length; i++) {
            text.append(i > 0 ? " or " : "").append('\'').append(examples[i]).append("', ");
        }
        return text.append("regex used for validation is '").append(format).append("')").toString();
    }
}
