package io.signalbox.router.admission;

import io.signalbox.router.model.ObjectRef;
import io.signalbox.router.model.Route;
import io.signalbox.router.model.RouteAge;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** host_admitter.go RouteMap: routes per key (host or domain), oldest first, one entry per route. */
final class ClaimMap {
    private final Map<String, List<Route>> routes = new HashMap<>();

    List<Route> get(String key) {
        return List.copyOf(routes.getOrDefault(key, List.of()));
    }

    void insert(String key, Route route) {
        remove(key, route.ref());
        List<Route> list = routes.computeIfAbsent(key, k -> new ArrayList<>());
        int at = 0;
        while (at < list.size() && !RouteAge.isOlder(route, list.get(at))) {
            at++;
        }
        list.add(at, route);
    }

    void remove(String key, ObjectRef ref) {
        List<Route> list = routes.get(key);
        if (list != null && list.removeIf(r -> r.ref().equals(ref)) && list.isEmpty()) {
            routes.remove(key);
        }
    }
}
