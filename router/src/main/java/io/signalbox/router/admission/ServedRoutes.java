package io.signalbox.router.admission;

import io.signalbox.router.model.ObjectRef;
import io.signalbox.router.model.Route;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/** End of the chain: every route that reaches it is served and Admitted=True (OpenShift's StatusAdmitter). */
final class ServedRoutes implements RoutePlugin {
    private final StatusRecorder status;
    private final Map<ObjectRef, Route> served = new HashMap<>();

    ServedRoutes(StatusRecorder status) {
        this.status = status;
    }

    @Override
    public void upserted(Route route) {
        served.put(route.ref(), route);
        status.admit(route);
    }

    @Override
    public void deleted(Route route) {
        served.remove(route.ref());
    }

    @Override
    public void namespacesFiltered(Predicate<String> allowed) {
        served.keySet().removeIf(ref -> !allowed.test(ref.namespace()));
    }

    Map<ObjectRef, Route> snapshot() {
        return Collections.unmodifiableMap(new TreeMap<>(served));
    }
}
