package io.signalbox.router.state;

import io.signalbox.router.model.Route;
import io.signalbox.router.model.RouteTarget;
import io.signalbox.router.status.IngressStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of the route table (`signalbox routes`, like `oc get routes`): where a route points and whether this
 * router admitted it.
 *
 * @param host     the host as admitted (after ROUTER_SUBDOMAIN and friends), else as written
 * @param services the target service names with their weights, e.g. "web(1),canary(3)"
 * @param status   "Admitted", a rejection reason, or "Pending" before the first status
 */
public record RouteRow(String namespace, String name, String host, String path, String services, String termination,
                       String status, String message) {

    public static RouteRow of(Route route, IngressStatus status) {
        List<String> targets = new ArrayList<>();
        List<RouteTarget> all = new ArrayList<>();
        if (route.to() != null) {
            all.add(route.to());
        }
        all.addAll(route.alternateBackends());
        for (RouteTarget target : all) {
            targets.add(target.name() + (all.size() > 1 && target.weight() != null ? "(" + target.weight() + ")" : ""));
        }
        String host = status != null && !status.host().isEmpty() ? status.host() : route.host();
        String state = status == null ? "Pending" : status.admitted() ? "Admitted" : status.reason();
        return new RouteRow(route.namespace(), route.name(), host, route.path(), String.join(",", targets),
                route.termination(), state, status == null ? "" : status.message());
    }
}
