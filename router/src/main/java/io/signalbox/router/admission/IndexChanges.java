package io.signalbox.router.admission;

import io.signalbox.router.model.ObjectRef;
import io.signalbox.router.model.Route;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Routes a host index operation moved into (activated) or out of (displaced) the served set; latest move wins. */
final class IndexChanges {
    private final Map<ObjectRef, Route> activated = new LinkedHashMap<>();
    private final Map<ObjectRef, Route> displaced = new LinkedHashMap<>();

    void activated(Route route) {
        activated.put(route.ref(), route);
        displaced.remove(route.ref());
    }

    void displaced(Route route) {
        displaced.put(route.ref(), route);
        activated.remove(route.ref());
    }

    List<Route> activated() {
        return List.copyOf(activated.values());
    }

    List<Route> displaced() {
        return List.copyOf(displaced.values());
    }
}
