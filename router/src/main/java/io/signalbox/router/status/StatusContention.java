package io.signalbox.router.status;

import io.signalbox.router.model.ObjectRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Stops a write fight over one route (SPEC §3.2, OpenShift's contention.go). Two routers with the same name but a
 * different configuration would each rewrite the other's version of "their" ingress element forever. When another
 * process changes this router's element of a route {@code limit} times within {@code window}, the route is
 * contended: the router leaves its status alone until the window has passed. Not thread-safe.
 */
final class StatusContention {
    private final Clock clock;
    private final Duration window;
    private final int limit;
    private final Map<ObjectRef, Changes> changes = new HashMap<>();

    private record Changes(Instant firstAt, int count) {
    }

    StatusContention(Clock clock, Duration window, int limit) {
        this.clock = clock;
        this.window = window;
        this.limit = limit;
    }

    /** Another process changed our element; true when this change makes the route contended. */
    boolean changedByOther(ObjectRef ref) {
        Instant now = clock.instant();
        Changes before = changes.get(ref);
        Changes after = before == null || expired(before, now) ? new Changes(now, 1)
                : new Changes(before.firstAt(), before.count() + 1);
        changes.put(ref, after);
        return after.count() == limit;
    }

    boolean isContended(ObjectRef ref) {
        Changes seen = changes.get(ref);
        if (seen != null && expired(seen, clock.instant())) {
            changes.remove(ref);
            return false;
        }
        return seen != null && seen.count() >= limit;
    }

    void forget(ObjectRef ref) {
        changes.remove(ref);
    }

    private boolean expired(Changes seen, Instant now) {
        return now.isAfter(seen.firstAt().plus(window));
    }
}
