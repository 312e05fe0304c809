package io.signalbox.router.stats;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Summary;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.signalbox.ipfailover.VipState;
import io.signalbox.ipfailover.VrrpRole;
import io.signalbox.router.apply.ApplyResult;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.function.IntSupplier;

/**
 * The router's own metrics: OpenShift's template_router_* names, and Signalbox's signalbox_* for what OpenShift
 * lacks (why each apply happened and how it ended, how long a change took to reach HAProxy, routes by status).
 */
public final class RouterMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Summary reloadSeconds = Summary.builder().name("template_router_reload_seconds")
            .help("Measures the time spent reloading the router in seconds.").register(registry);
    private final Summary writeConfigSeconds = Summary.builder().name("template_router_write_config_seconds")
            .help("Measures the time spent writing out the router configuration to disk in seconds.")
            .register(registry);
    private final Gauge reloadFailure = Gauge.builder().name("template_router_reload_failure")
            .help("Metric to track the status of the most recent HAProxy reload (1 = failed).").register(registry);
    private final Counter applies = Counter.builder().name("signalbox_applies_total")
            .help("Configuration applies by result (unchanged, started, reloaded, runtime, deferred, failed).")
            .labelNames("result").register(registry);
    private final Counter reloads = Counter.builder().name("signalbox_reloads_total")
            .help("HAProxy reloads by reason (config-changed, backend-added, backend-changed, certificates, "
                    + "runtime-op-failed, reloaded-meanwhile, check-failed, default-certificate, ...).")
            .labelNames("reason").register(registry);
    private final Counter runtimeApplies = Counter.builder().name("signalbox_runtime_applies_total")
            .help("Changes applied through the runtime API without a reload, by reason (endpoints, routes, certificates).")
            .labelNames("reason").register(registry);
    private final Counter runtimeOps = Counter.builder().name("signalbox_runtime_ops_total")
            .help("Runtime API operations sent to HAProxy, by result (ok, failed).")
            .labelNames("result").register(registry);
    private final Counter runtimeFallbacks = Counter.builder().name("signalbox_runtime_fallbacks_total")
            .help("Changes the runtime API did not apply, so HAProxy reloaded instead, by reason.")
            .labelNames("reason").register(registry);
    private final Counter rejectedByCheck = Counter.builder().name("signalbox_config_check_rejections_total")
            .help("Routes left out of a config because haproxy -c rejected what they render.").register(registry);
    private final Counter applyFailures = Counter.builder().name("signalbox_apply_failures_total")
            .help("Applies that changed nothing, by reason (disk: the working directory took no writes; check: "
                    + "haproxy -c rejected the config; haproxy: HAProxy did not start or reload; other).")
            .labelNames("reason").register(registry);
    private final Histogram changeToApply = Histogram.builder().name("signalbox_change_apply_seconds")
            .help("From the first change of a batch to HAProxy serving it (or the apply failing).")
            .classicUpperBounds(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30).register(registry);
    private final Counter haproxyStarts = Counter.builder().name("signalbox_haproxy_starts_total")
            .help("HAProxy masters this daemon took charge of, by kind: started, restarted (after a crash), adopted "
                    + "(left serving by a daemon that died).")
            .labelNames("kind").register(registry);
    private final Counter keepalivedStarts = Counter.builder().name("signalbox_keepalived_starts_total")
            .help("keepalived processes this daemon took charge of, by kind: started, restarted, adopted.")
            .labelNames("kind").register(registry);
    private volatile Map<RouteState, Long> routeStates = Map.of();

    /** A route status class: admitted, or rejected with a reason. */
    public record RouteState(boolean admitted, String reason) {
    }

    public RouterMetrics() {
        GaugeWithCallback.builder().name("signalbox_routes")
                .help("Routes by their Admitted condition and rejection reason.")
                .labelNames("admitted", "reason")
                .callback(cb -> routeStates.forEach((state, n) ->
                        cb.call(n, Boolean.toString(state.admitted()), state.reason())))
                .register(registry);
    }

    /** signalbox_ready: 1 while the readiness checks would pass (what the "no ready router" alert counts). */
    public void readiness(BooleanSupplier ready) {
        GaugeWithCallback.builder().name("signalbox_ready")
                .help("1 when this router is ready to serve (HAProxy running, first sync applied, not shutting down).")
                .callback(cb -> cb.call(ready.getAsBoolean() ? 1 : 0)).register(registry);
    }

    /** signalbox_haproxy_up: 1 while the HAProxy master runs (0 from its crash until it runs again). */
    public void haproxyUp(BooleanSupplier up) {
        GaugeWithCallback.builder().name("signalbox_haproxy_up")
                .help("1 while the HAProxy master this daemon supervises runs.")
                .callback(cb -> cb.call(up.getAsBoolean() ? 1 : 0)).register(registry);
    }

    /** One more HAProxy master in charge; kind: started, restarted or adopted. */
    public void haproxyStarted(String kind) {
        haproxyStarts.labelValues(kind).inc();
    }

    /** One more keepalived in charge; kind: started, restarted or adopted. */
    public void keepalivedStarted(String kind) {
        keepalivedStarts.labelValues(kind).inc();
    }

    /** signalbox_haproxy_old_workers: workers of earlier reloads still finishing their connections. */
    public void oldWorkers(IntSupplier count) {
        GaugeWithCallback.builder().name("signalbox_haproxy_old_workers")
                .help("HAProxy workers of earlier reloads still alive (long-lived connections keep them).")
                .callback(cb -> cb.call(count.getAsInt())).register(registry);
    }

    /**
     * signalbox_vip_master{vip} (1 while this node holds the VIP: the "no master" and "two masters" alerts sum it
     * over nodes), signalbox_vip_state{vip,state} and signalbox_keepalived_up.
     */
    public void failover(Supplier<Map<String, VipState>> states, BooleanSupplier keepalivedUp) {
        GaugeWithCallback.builder().name("signalbox_vip_master")
                .help("1 while this node is MASTER for the VIP.").labelNames("vip")
                .callback(cb -> states.get().forEach((vip, s) -> cb.call(s.role() == VrrpRole.MASTER ? 1 : 0, vip)))
                .register(registry);
        GaugeWithCallback.builder().name("signalbox_vip_state")
                .help("This node's VRRP state per VIP (1 for the current state).").labelNames("vip", "state")
                .callback(cb -> states.get().forEach((vip, s) -> {
                    for (VrrpRole role : VrrpRole.values()) {
                        cb.call(s.role() == role ? 1 : 0, vip, role.name());
                    }
                }))
                .register(registry);
        GaugeWithCallback.builder().name("signalbox_keepalived_up")
                .help("1 while keepalived runs under this daemon.")
                .callback(cb -> cb.call(keepalivedUp.getAsBoolean() ? 1 : 0)).register(registry);
    }

    /** signalbox_work_dir_writable: 0 while applies fail because the working directory takes no writes. */
    public void workDir(BooleanSupplier writable) {
        GaugeWithCallback.builder().name("signalbox_work_dir_writable")
                .help("1 while the working directory takes writes; 0 while changes wait for it (full, read-only).")
                .callback(cb -> cb.call(writable.getAsBoolean() ? 1 : 0)).register(registry);
    }

    /** signalbox_manifest_problems: problems the last scan of the manifests folder found (only with a folder). */
    public void manifestProblems(IntSupplier count) {
        GaugeWithCallback.builder().name("signalbox_manifest_problems")
                .help("Problems in the manifests folder (files or objects not read; their last good version serves).")
                .callback(cb -> cb.call(count.getAsInt())).register(registry);
    }

    /** signalbox_api_up: 1 while every watch on the Kubernetes API is open (only with a cluster source). */
    public void apiConnection(BooleanSupplier connected) {
        GaugeWithCallback.builder().name("signalbox_api_up")
                .help("1 while every watch on the Kubernetes API is open; 0 while the router serves what it last knew.")
                .callback(cb -> cb.call(connected.getAsBoolean() ? 1 : 0)).register(registry);
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    /** One apply finished; sinceChange is the time from the first change it carries. */
    public void applied(ApplyResult result, Duration sinceChange) {
        applied(result);
        if (!(result instanceof ApplyResult.Deferred)) {
            changeToApply.observe(seconds(sinceChange));
        }
    }

    /** One apply finished that no change waited for (a reload the applier started on its own). */
    public void applied(ApplyResult result) {
        String kind;
        if (result instanceof ApplyResult.Unchanged) {
            kind = "unchanged";
        } else if (result instanceof ApplyResult.Started) {
            kind = "started";
        } else if (result instanceof ApplyResult.Reloaded reloaded) {
            kind = "reloaded";
            reloads.labelValues(reloaded.reason()).inc();
            if (reloaded.fallback() != null) {
                runtimeFallbacks.labelValues(reloaded.reason()).inc();
                runtimeOps.labelValues("ok").inc(reloaded.fallback().opsApplied());
                if (reloaded.fallback().opFailed()) {
                    runtimeOps.labelValues("failed").inc();
                }
            }
        } else if (result instanceof ApplyResult.AppliedAtRuntime runtime) {
            kind = "runtime";
            runtimeApplies.labelValues(runtime.reason()).inc();
            runtimeOps.labelValues("ok").inc(runtime.ops());
        } else if (result instanceof ApplyResult.Deferred) {
            // Not applied yet: counted once it is, with the time it waited.
            applies.labelValues("deferred").inc();
            return;
        } else {
            kind = "failed";
            applyFailures.labelValues(((ApplyResult.Failed) result).cause().label()).inc();
        }
        applies.labelValues(kind).inc();
        rejectedByCheck.inc(result.rejected().size());
        writeConfigSeconds.observe(seconds(result.timings().writeConfig()));
        if (result instanceof ApplyResult.Reloaded || result instanceof ApplyResult.Started) {
            reloadSeconds.observe(seconds(result.timings().haproxy()));
            reloadFailure.set(0);
        } else if (result instanceof ApplyResult.Failed) {
            reloadFailure.set(1);
        }
    }

    /** The current count of routes per status class. */
    public void routeStates(Map<RouteState, Long> counts) {
        this.routeStates = Map.copyOf(counts);
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
