package io.signalbox.router.admission;

import io.signalbox.router.model.ObjectRef;
import io.signalbox.router.model.Route;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Collects the condition changes of one event. Like OpenShift's status writer it skips a write that would change
 * nothing (same condition, host and wildcard policy as last reported).
 */
final class StatusRecorder {
    private final Map<ObjectRef, AdmissionChange> reported = new HashMap<>();
    private final List<AdmissionChange> pending = new ArrayList<>();

    void admit(Route route) {
        record(new AdmissionChange(route, Condition.admittedTrue()));
    }

    void reject(Route route, String reason, String message) {
        record(new AdmissionChange(route, Condition.rejected(reason, message)));
    }

    /** The route left the router's view; a later status for it is news again. */
    void forget(ObjectRef ref) {
        reported.remove(ref);
    }

    List<AdmissionChange> drain() {
        List<AdmissionChange> changes = List.copyOf(pending);
        pending.clear();
        return changes;
    }

    private void record(AdmissionChange change) {
        AdmissionChange previous = reported.put(change.route().ref(), change);
        if (previous == null || !sameStatus(previous, change)) {
            pending.add(change);
        }
    }

    private static boolean sameStatus(AdmissionChange a, AdmissionChange b) {
        return a.condition().equals(b.condition())
                && Objects.equals(a.route().host(), b.route().host())
                && Objects.equals(a.route().wildcardPolicy(), b.route().wildcardPolicy());
    }
}
