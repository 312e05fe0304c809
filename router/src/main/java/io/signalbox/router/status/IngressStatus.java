package io.signalbox.router.status;

import java.time.Instant;

/**
 * This router's status.ingress entry for one route, with its Admitted condition.
 *
 * @param routerCanonicalHostname ROUTER_CANONICAL_HOSTNAME, or "" when unset
 * @param reason                  "" when admitted
 */
public record IngressStatus(
        String host,
        String routerName,
        String wildcardPolicy,
        String routerCanonicalHostname,
        boolean admitted,
        String reason,
        String message,
        Instant lastTransitionTime) {

    /** Same entry apart from the transition time. */
    boolean sameAs(IngressStatus other) {
        return other != null && host.equals(other.host) && routerName.equals(other.routerName)
                && wildcardPolicy.equals(other.wildcardPolicy)
                && routerCanonicalHostname.equals(other.routerCanonicalHostname)
                && admitted == other.admitted && reason.equals(other.reason) && message.equals(other.message);
    }

    /** Same condition: then lastTransitionTime is kept. */
    boolean sameCondition(IngressStatus other) {
        return other != null && admitted == other.admitted && reason.equals(other.reason) && message.equals(other.message);
    }
}
