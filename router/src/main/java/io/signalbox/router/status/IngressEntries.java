package io.signalbox.router.status;

import io.fabric8.openshift.api.model.Route;
import io.fabric8.openshift.api.model.RouteIngress;
import io.fabric8.openshift.api.model.RouteIngressBuilder;
import io.fabric8.openshift.api.model.RouteIngressCondition;
import io.fabric8.openshift.api.model.RouteIngressConditionBuilder;
import io.fabric8.openshift.api.model.RouteStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * This router's element of a Route's status.ingress, as OpenShift's recordIngressCondition shapes it (SPEC §3.2):
 * host, wildcardPolicy and routerCanonicalHostname as wanted, one Admitted condition whose lastTransitionTime is
 * kept while the condition stays the same, other conditions and other routers' elements untouched.
 */
final class IngressEntries {
    static final String ADMITTED = "Admitted";

    private IngressEntries() {
    }

    /** The element whose routerName is ours. */
    static Optional<RouteIngress> ours(Route route, String routerName) {
        return Optional.ofNullable(route.getStatus()).map(RouteStatus::getIngress).orElse(List.of()).stream()
                .filter(entry -> routerName.equals(entry.getRouterName()))
                .findFirst();
    }

    /** True when the element already says what is wanted, transition time aside. */
    static boolean matches(Optional<RouteIngress> entry, IngressStatus wanted) {
        if (entry.isEmpty()) {
            return false;
        }
        RouteIngress e = entry.get();
        return wanted.host().equals(nullToEmpty(e.getHost()))
                && wanted.wildcardPolicy().equals(nullToEmpty(e.getWildcardPolicy()))
                && wanted.routerCanonicalHostname().equals(nullToEmpty(e.getRouterCanonicalHostname()))
                && admitted(e).map(c -> sameCondition(c, wanted)).orElse(false);
    }

    /** The route with our element replaced (in place) or added; the input is not changed. */
    static Route withEntry(Route current, IngressStatus wanted) {
        Optional<RouteIngress> existing = ours(current, wanted.routerName());
        List<RouteIngressCondition> conditions = new ArrayList<>();
        existing.map(RouteIngress::getConditions).orElse(List.of()).stream()
                .filter(c -> !ADMITTED.equals(c.getType()))
                .forEach(conditions::add);
        String since = existing.flatMap(IngressEntries::admitted).filter(c -> sameCondition(c, wanted))
                .map(RouteIngressCondition::getLastTransitionTime)
                .orElse(wanted.lastTransitionTime().toString());
        conditions.add(0, new RouteIngressConditionBuilder()
                .withType(ADMITTED)
                .withStatus(wanted.admitted() ? "True" : "False")
                .withReason(emptyToNull(wanted.reason()))
                .withMessage(emptyToNull(wanted.message()))
                .withLastTransitionTime(since)
                .build());
        RouteIngress entry = new RouteIngressBuilder()
                .withRouterName(wanted.routerName())
                .withHost(wanted.host())
                .withWildcardPolicy(wanted.wildcardPolicy())
                .withRouterCanonicalHostname(emptyToNull(wanted.routerCanonicalHostname()))
                .withConditions(conditions)
                .build();
        List<RouteIngress> ingress = new ArrayList<>(Optional.ofNullable(current.getStatus())
                .map(RouteStatus::getIngress).orElse(List.of()));
        int at = existing.map(ingress::indexOf).orElse(-1);
        if (at >= 0) {
            ingress.set(at, entry);
        } else {
            ingress.add(entry);
        }
        Route updated = new io.fabric8.openshift.api.model.RouteBuilder(current).build();
        updated.setStatus(new RouteStatus(ingress));
        return updated;
    }

    private static Optional<RouteIngressCondition> admitted(RouteIngress entry) {
        return Optional.ofNullable(entry.getConditions()).orElse(List.of()).stream()
                .filter(c -> ADMITTED.equals(c.getType()))
                .findFirst();
    }

    private static boolean sameCondition(RouteIngressCondition condition, IngressStatus wanted) {
        return (wanted.admitted() ? "True" : "False").equals(condition.getStatus())
                && wanted.reason().equals(nullToEmpty(condition.getReason()))
                && wanted.message().equals(nullToEmpty(condition.getMessage()));
    }

    private static String nullToEmpty(String value) {
        return Objects.requireNonNullElse(value, "");
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
