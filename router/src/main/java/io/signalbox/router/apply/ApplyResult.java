package io.signalbox.router.apply;

import io.signalbox.router.model.ObjectRef;
import java.time.Duration;
import java.util.Map;

/**
 * What one apply did, so that the loop can update route status and metrics can count reasons.
 * Every variant carries the routes the configuration check left out, with the reason for each.
 */
public sealed interface ApplyResult {
    Map<ObjectRef, String> rejected();

    Timings timings();

    /**
     * @param writeConfig rendering, writing and checking the config
     * @param haproxy     starting or reloading HAProxy (zero when it was not asked to)
     */
    record Timings(Duration writeConfig, Duration haproxy) {
        public static final Timings NONE = new Timings(Duration.ZERO, Duration.ZERO);
    }

    /** The rendered files equal what HAProxy already runs: nothing to do. */
    record Unchanged(Map<ObjectRef, String> rejected, Timings timings) implements ApplyResult { }

    /** HAProxy was started (first apply, or after it had stopped) with the new config. */
    record Started(Map<ObjectRef, String> rejected, Timings timings) implements ApplyResult { }

    /**
     * HAProxy reloaded seamlessly onto the new config.
     *
     * @param reason   why a reload was needed (a short fixed word, see {@link io.signalbox.router.apply.runtime.ChangePlan})
     * @param fallback with the runtime API on: what the runtime API did before the reload took over; null when off
     */
    record Reloaded(String reason, RuntimeFallback fallback, Map<ObjectRef, String> rejected, Timings timings)
            implements ApplyResult { }

    /**
     * @param opsApplied runtime operations HAProxy accepted before a reload replaced them
     * @param opFailed   HAProxy refused an operation (the reason is then runtime-op-failed)
     */
    record RuntimeFallback(int opsApplied, boolean opFailed) {
        public static final RuntimeFallback NONE_TRIED = new RuntimeFallback(0, false);
    }

    /**
     * The new config was applied through HAProxy's runtime API, without a reload, and written to disk.
     *
     * @param reason "endpoints" (servers only) or "routes" (lookup maps too)
     * @param ops    runtime operations sent
     */
    record AppliedAtRuntime(String reason, int ops, Map<ObjectRef, String> rejected, Timings timings)
            implements ApplyResult { }

    /**
     * The change needs a reload and the last one was less than RELOAD_INTERVAL ago: nothing was applied yet, the
     * caller applies again after {@code retryIn}.
     */
    record Deferred(String reason, Duration retryIn, Map<ObjectRef, String> rejected, Timings timings)
            implements ApplyResult { }

    /**
     * Nothing was applied; HAProxy keeps serving the previous config.
     *
     * @param cause what kind of failure, for metrics and for whether trying again can help
     */
    record Failed(String reason, Map<ObjectRef, String> rejected, Timings timings, Cause cause) implements ApplyResult {
        public Failed(String reason, Map<ObjectRef, String> rejected, Timings timings) {
            this(reason, rejected, timings, Cause.OTHER);
        }
    }

    /** Why an apply failed; the metric label is the lower-case name. */
    enum Cause {
        /** The working directory could not be written (full, read-only): the same apply succeeds once it can. */
        DISK,
        /** haproxy -c rejected the config even without the routes it could blame. */
        CHECK,
        /** HAProxy did not start or reload. */
        HAPROXY,
        /** Anything else (a render error, the router stopping). */
        OTHER;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
