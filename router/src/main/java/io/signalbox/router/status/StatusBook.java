package io.signalbox.router.status;

import io.signalbox.router.model.ObjectRef;
import io.signalbox.router.model.Route;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The status entry this router last wrote for each route. Owned by the router loop: it decides whether a
 * condition changed (and so whether anything needs writing) and keeps lastTransitionTime when it did not.
 */
public final class StatusBook {
    private final String routerName;
    private final String canonicalHostname;
    private final Clock clock;
    private final Map<ObjectRef, IngressStatus> entries;

    public StatusBook(String routerName, String canonicalHostname, Clock clock, Map<ObjectRef, IngressStatus> previous) {
        this.routerName = routerName;
        this.canonicalHostname = canonicalHostname;
        this.clock = clock;
        this.entries = new HashMap<>(previous);
    }

    /** The new entry when it differs from the one written last; empty when nothing would change. */
    public Optional<IngressStatus> record(Route route, boolean admitted, String reason, String message) {
        IngressStatus previous = entries.get(route.ref());
        // API times have whole seconds; so do ours, so a file and the API would show the same value.
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        IngressStatus wanted = new IngressStatus(route.host(), routerName, route.wildcardPolicy(), canonicalHostname,
                admitted, reason, message, now);
        if (wanted.sameAs(previous)) {
            return Optional.empty();
        }
        if (wanted.sameCondition(previous)) {
            wanted = new IngressStatus(wanted.host(), routerName, wanted.wildcardPolicy(), canonicalHostname, admitted,
                    reason, message, previous.lastTransitionTime());
        }
        entries.put(route.ref(), wanted);
        return Optional.of(wanted);
    }

    public Optional<IngressStatus> get(ObjectRef ref) {
        return Optional.ofNullable(entries.get(ref));
    }

    /** How many routes have each (admitted, reason) condition. */
    public Map<Map.Entry<Boolean, String>, Long> counts() {
        Map<Map.Entry<Boolean, String>, Long> counts = new HashMap<>();
        for (IngressStatus status : entries.values()) {
            counts.merge(Map.entry(status.admitted(), status.reason()), 1L, Long::sum);
        }
        return counts;
    }

    /** The route is gone; its status goes with it. */
    public void forget(ObjectRef ref) {
        entries.remove(ref);
    }
}
