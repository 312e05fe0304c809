package io.signalbox.router.render.annotations;

import java.util.Set;

/** The X-Forwarded-* / Forwarded policy (SPEC §4.7): the annotation, else ROUTER_SET_FORWARDED_HEADERS, else append. */
public final class ForwardedHeaders {
    public static final String ANNOTATION = "haproxy.router.openshift.io/set-forwarded-headers";
    public static final String APPEND = "append";
    private static final Set<String> POLICIES = Set.of(APPEND, "replace", "if-none", "never");

    private ForwardedHeaders() {
    }

    public static boolean isValid(String policy) {
        return POLICIES.contains(policy);
    }
}
