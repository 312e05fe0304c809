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

    /** HAProxy reloaded seamlessly onto the new config. */
    record Reloaded(String reason, Map<ObjectRef, String> rejected, Timings timings) implements ApplyResult { }

    /** Nothing was applied; HAProxy keeps serving the previous config. */
    record Failed(String reason, Map<ObjectRef, String> rejected, Timings timings) implements ApplyResult { }
}
