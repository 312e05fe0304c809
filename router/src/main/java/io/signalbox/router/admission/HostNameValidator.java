package io.signalbox.router.admission;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * UniqueHost's ValidateHostName (library-go routeapihelpers.ValidateHost with allowNonCompliant "false"): the host
 * must be a DNS-1123 subdomain and every label a DNS-1123 label.
 */
final class HostNameValidator {
    private static final String FIELD = "spec.host";

    private HostNameValidator() {
    }

    /** The InvalidHost message, or empty when the host is valid. */
    static Optional<String> rejection(String host) {
        List<FieldError> errors = errors(host);
        if (errors.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("host name validation errors: "
                + String.join(", ", errors.stream().map(FieldError::toString).toList()));
    }

    static List<FieldError> errors(String host) {
        List<FieldError> errors = new ArrayList<>();
        List<String> subdomain = Dns1123.subdomainErrors(host);
        if (!subdomain.isEmpty()) {
            // Go formats the []string with %v: space separated, in brackets.
            errors.add(FieldError.invalid(FIELD, host,
                    "host must conform to DNS naming conventions: [" + String.join(" ", subdomain) + "]"));
        }
        for (String label : host.split("\\.", -1)) {
            Dns1123.labelErrors(label).forEach(e -> errors.add(FieldError.invalid(FIELD, host, e)));
        }
        return errors;
    }
}
