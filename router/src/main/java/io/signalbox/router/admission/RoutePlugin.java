package io.signalbox.router.admission;

import io.signalbox.router.model.Route;
import java.util.function.Predicate;

/**
 * One link of the admission chain, as OpenShift's router.Plugin: each step handles an event and passes it (or a
 * Deleted in its place, when it rejects the route) to the next step.
 */
interface RoutePlugin {
    void upserted(Route route);

    /** Idempotent: a route the step does not hold is passed on unchanged. */
    void deleted(Route route);

    /** Only routes whose namespace passes stay; the others leave silently (NAMESPACE_LABELS). */
    void namespacesFiltered(Predicate<String> allowed);
}
