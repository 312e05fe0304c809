package io.signalbox.router.render;

/**
 * How changes reach HAProxy, and how long old workers may live.
 *
 * @param runtimeApi    SIGNALBOX_RUNTIME_API: apply what the runtime API can do without a reload; false reloads on
 *                      every change, as OpenShift does
 * @param spareBackends SIGNALBOX_SPARE_BACKENDS: empty pool backends of each kind kept for new routes (0 with the
 *                      runtime API off)
 * @param hardStopAfter ROUTER_HARD_STOP_AFTER: HAProxy's {@code hard-stop-after}, a HAProxy time value
 * @param idleCloseOnResponse ROUTER_IDLE_CLOSE_ON_RESPONSE: an old worker answers the next request on an idle
 *                      keep-alive connection (with "Connection: close") instead of closing the idle connection at
 *                      the reload, which fails a request the client sends at that instant
 */
public record RuntimeSettings(boolean runtimeApi, int spareBackends, String hardStopAfter, boolean idleCloseOnResponse) {
    public static final int DEFAULT_SPARE_BACKENDS = 10;
    public static final String DEFAULT_HARD_STOP_AFTER = "1h";
    /** Reload on every change: what `signalbox check` and renders without a running HAProxy use. */
    public static final RuntimeSettings RELOAD_ONLY = new RuntimeSettings(false, 0, DEFAULT_HARD_STOP_AFTER, true);

    public RuntimeSettings {
        if (spareBackends < 0) {
            throw new IllegalArgumentException("spareBackends < 0");
        }
        spareBackends = runtimeApi ? spareBackends : 0;
    }
}
