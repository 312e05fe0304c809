package io.signalbox.router.admission;

import io.signalbox.router.model.Route;
import io.signalbox.router.model.RouteTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Signalbox-only first step: in manifests mode no API server validated the route, so the checks it would have
 * made (those the router's output depends on) run here. It comes first so an invalid route never claims a host.
 */
final class RouteSpecValidator {
    private static final int MAX_ALTERNATE_BACKENDS = 3;
    private static final Pattern TARGET_PORT = Pattern.compile("[A-Za-z0-9-]*");
    /** Characters that would break the map files or the HAProxy config if they reached a path. */
    private static final Pattern UNSAFE_PATH = Pattern.compile("[\\s\\p{Cntrl}#?\"'\\\\]");

    private RouteSpecValidator() {
    }

    static List<FieldError> errors(Route route) {
        List<FieldError> errors = new ArrayList<>();
        // The namespace and name reach the config as the backend's name, which HAProxy limits to plain characters.
        Dns1123.labelErrors(route.namespace())
                .forEach(e -> errors.add(FieldError.invalid("metadata.namespace", route.namespace(), e)));
        Dns1123.subdomainErrors(route.name()).forEach(e -> errors.add(FieldError.invalid("metadata.name", route.name(), e)));
        checkPath(route, errors);
        if (route.to() == null) {
            errors.add(FieldError.required("spec.to"));
        } else {
            checkTarget("spec.to", route.to(), errors);
        }
        List<RouteTarget> alternates = route.alternateBackends();
        if (alternates.size() > MAX_ALTERNATE_BACKENDS) {
            errors.add(FieldError.tooMany("spec.alternateBackends", alternates.size(), MAX_ALTERNATE_BACKENDS));
        }
        for (int i = 0; i < alternates.size(); i++) {
            checkTarget("spec.alternateBackends[" + i + "]", alternates.get(i), errors);
        }
        if (route.targetPort() != null && !TARGET_PORT.matcher(route.targetPort()).matches()) {
            errors.add(FieldError.invalid("spec.port.targetPort", route.targetPort(),
                    "must contain only letters, digits and '-'"));
        }
        return errors;
    }

    private static void checkPath(Route route, List<FieldError> errors) {
        String path = route.path();
        if (path.isEmpty()) {
            return;
        }
        if (!path.startsWith("/")) {
            errors.add(FieldError.invalid("spec.path", path, "path must begin with /"));
        }
        if (UNSAFE_PATH.matcher(path).find()) {
            errors.add(FieldError.invalid("spec.path", path,
                    "path must not contain whitespace, control characters or any of # ? \" ' \\"));
        }
        if ("passthrough".equals(route.termination())) {
            errors.add(FieldError.invalid("spec.path", path, "passthrough termination does not support paths"));
        }
    }

    private static void checkTarget(String field, RouteTarget target, List<FieldError> errors) {
        String kind = target.kind() == null ? "" : target.kind();
        if (!kind.isEmpty() && !kind.equals("Service")) {
            errors.add(FieldError.invalid(field + ".kind", kind, "must reference a Service"));
        }
        String name = target.name() == null ? "" : target.name();
        if (name.isEmpty()) {
            errors.add(FieldError.required(field + ".name"));
            return;
        }
        Dns1123.labelErrors(name).forEach(e -> errors.add(FieldError.invalid(field + ".name", name, e)));
    }
}
