package io.signalbox.router.apply;

import io.signalbox.haproxy.ReloadResult;
import io.signalbox.router.apply.runtime.ChangePlan;
import io.signalbox.router.apply.runtime.RenderModel;
import io.signalbox.router.apply.runtime.RuntimeApi;
import io.signalbox.router.apply.runtime.RuntimeApplier;
import io.signalbox.router.apply.runtime.RuntimeDiff;
import io.signalbox.router.model.ObjectRef;
import io.signalbox.router.model.Route;
import io.signalbox.router.render.PoolLayout;
import io.signalbox.router.render.RenderedConfig;
import io.signalbox.router.state.RouterSnapshot;
import io.signalbox.router.tls.DirectoryWatcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a snapshot. With the runtime API on and HAProxy running, the new render is diffed against the running one
 * ({@link RuntimeDiff}); when the runtime API can make every difference, the files are written and made current,
 * then the CA files the new servers need are loaded and the operations are sent: disk never lags what HAProxy
 * runs, even if this process dies in between (the files are in the page cache). Syncing them and checking them
 * with {@code haproxy -c} follow off the change's path ({@link AfterCheck}); a failed check reloads at once,
 * through the verifier that finds the route at fault, and the loop hears of that reload as of any apply
 * ({@link #reportOwnReloadsTo}).
 * Otherwise (or when HAProxy refuses an operation, or the check fails) it renders, stages and checks through
 * {@link ConfigVerifier} and starts or reloads HAProxy; reloads stay RELOAD_INTERVAL apart unless a refused
 * operation needs one at once. Blocking; the router loop calls it on a worker thread, one apply at a time. When the
 * default certificate comes from a folder (DEFAULT_CERTIFICATE_DIR), a change there reloads with the last snapshot,
 * from the folder watcher's thread; the watcher stops with HAProxy's supervision.
 */
public final class HaproxyApplier {
    private static final Logger LOG = LoggerFactory.getLogger(HaproxyApplier.class);

    private final ConfigVerifier verifier;
    private final ConfigGenerations generations;
    private final HaproxySupervisor haproxy;
    private final Optional<RuntimeApi> runtime;
    private final Duration reloadInterval;
    private Map<ObjectRef, Route> lastGood = Map.of();
    private Map<String, String> running;
    private RenderedConfig applied;
    private RenderModel appliedModel;
    private long lastReloadNanos;
    private RouterSnapshot lastSnapshot;
    /** The folder of the config last applied at runtime while its check is pending or passed; null after a reload. */
    private Path runtimeStaged;
    private boolean closed;
    private final AfterCheck afterCheck;
    /** Pool backend → OpenShift name of the route backend it stands in for, as HAProxy runs it now. Any thread. */
    private volatile Map<String, String> openshiftNames = Map.of();
    /** Told of the reloads this applier starts on its own, with the snapshot each applied. */
    private volatile BiConsumer<RouterSnapshot, ApplyResult> ownReloads = (snapshot, result) -> { };

    /** Every change is a reload (OpenShift's behaviour); the caller paces them. */
    public HaproxyApplier(ConfigVerifier verifier, ConfigGenerations generations, HaproxySupervisor haproxy) {
        this(verifier, generations, haproxy, Optional.empty(), Duration.ZERO);
    }

    /**
     * @param runtime        sends runtime API operations and the CA files they need; empty to reload on every
     *                       change
     * @param reloadInterval the least time between two reloads this applier starts on its own (RELOAD_INTERVAL)
     */
    public HaproxyApplier(ConfigVerifier verifier, ConfigGenerations generations, HaproxySupervisor haproxy,
                          Optional<RuntimeApi> runtime, Duration reloadInterval) {
        this.verifier = verifier;
        this.generations = generations;
        this.haproxy = haproxy;
        this.runtime = runtime;
        this.reloadInterval = reloadInterval;
        this.afterCheck = new AfterCheck(generations, verifier, this::afterCheckPassed, this::afterCheckFailed);
        verifier.watchedFolder().ifPresent(dir -> {
            try {
                haproxy.stopWith(new DirectoryWatcher(dir, this::reapply));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot watch " + dir, e);
            }
        });
    }

    /**
     * Who hears of the reloads this applier starts without being asked (a failed late check, a new default
     * certificate), so that route status and metrics count them like any other apply. Called on the thread that
     * reloaded, before the next apply can start.
     */
    public void reportOwnReloadsTo(BiConsumer<RouterSnapshot, ApplyResult> listener) {
        ownReloads = listener;
    }

    /** The OpenShift name of a backend: a pool backend's route backend name, any other backend's own. Any thread. */
    public String openshiftName(String backend) {
        return openshiftNames.getOrDefault(backend, backend);
    }

    /**
     * HAProxy was adopted from an earlier daemon: what it runs is the current config on disk. Read back, it becomes
     * the running config, so the first apply reloads only if the new render differs, and diffs at runtime as before.
     * When disk cannot be trusted (the earlier daemon stopped between writing a config and HAProxy running it) the
     * running config stays unknown and the first apply reloads.
     */
    public synchronized void adoptRunning() {
        try {
            Optional<RenderedConfig> served = generations.readCurrent();
            if (served.isEmpty()) {
                LOG.warn("what the adopted HAProxy runs is not known from disk; the first apply reloads it");
                return;
            }
            remember(lastGood, served.get(), modelOf(served.get()));
            LOG.info("the adopted HAProxy runs the current config on disk ({} files); it is reloaded only if the "
                    + "routes changed since", served.get().files().size());
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot read back the current config ({}); the first apply reloads HAProxy", e.toString());
        }
    }

    /** Waits for an apply in progress; later ones do nothing. */
    public synchronized void close() {
        closed = true;
        afterCheck.close();
    }

    /** A config HAProxy took at runtime is synced and passed {@code haproxy -c}: older folders may go now. */
    private synchronized void afterCheckPassed(Path staged) {
        if (!closed && staged.equals(runtimeStaged)) {
            generations.tidy(staged, applied);
        }
    }

    /** A config HAProxy took at runtime failed {@code haproxy -c}: unless a newer one replaced it, reload now. */
    private synchronized void afterCheckFailed(Path staged, String output) {
        if (closed || !staged.equals(runtimeStaged) || !haproxy.isRunning()) {
            return;
        }
        LOG.warn("haproxy -c rejected a config applied at runtime, reloading to find the route at fault: {}", output);
        ApplyResult result = reload(lastSnapshot, System.nanoTime(), "check-failed", fallbackInfo(0, false));
        LOG.info("reload after a failed check: {}", result);
        ownReloads.accept(lastSnapshot, result);
    }

    /** Applies the last snapshot again with a reload, because an input outside it (the default certificate) changed. */
    synchronized void reapply() {
        if (closed || lastSnapshot == null || !haproxy.isRunning()) {
            return;
        }
        ApplyResult result = reload(lastSnapshot, System.nanoTime(), "default-certificate", fallbackInfo(0, false));
        LOG.info("default certificate folder changed: {}", result);
        ownReloads.accept(lastSnapshot, result);
    }

    /**
     * Starts HAProxy with no routes, every host answering 503, so that it listens before the first sync. The first
     * synced config then loads by a reload and is laid out afresh (no route in a spare backend), as if HAProxy had
     * started with it.
     */
    public synchronized ApplyResult listenBeforeSync() {
        ApplyResult result = reload(new RouterSnapshot(Map.of(), Map.of(), Map.of()), System.nanoTime(),
                "config-changed", fallbackInfo(0, false));
        applied = null;
        return result;
    }

    public synchronized ApplyResult apply(RouterSnapshot snapshot) {
        lastSnapshot = snapshot;
        long start = System.nanoTime();
        if (closed || haproxy.isClosed()) {
            return new ApplyResult.Failed("the router is stopping", Map.of(), since(start));
        }
        if (runtime.isEmpty() || applied == null || !haproxy.isRunning()) {
            return reload(snapshot, start, "config-changed", fallbackInfo(0, false));
        }
        RenderedConfig next;
        try {
            next = verifier.renderForRuntime(snapshot, applied.pool());
        } catch (RuntimeException e) {
            return new ApplyResult.Failed("cannot render the new config: " + e, Map.of(), since(start));
        }
        if (next.files().equals(running)) {
            return new ApplyResult.Unchanged(Map.of(), since(start));
        }
        long rendered = System.nanoTime();
        RenderModel nextModel = RenderModel.of(next);
        ChangePlan plan = RuntimeDiff.plan(appliedModel, nextModel);
        if (plan instanceof ChangePlan.RuntimePlan ops) {
            return applyAtRuntime(snapshot, next, nextModel, ops, start, rendered);
        }
        ChangePlan.NeedsReload needsReload = (ChangePlan.NeedsReload) plan;
        long wait = lastReloadNanos + reloadInterval.toNanos() - System.nanoTime();
        if (wait > 0) {
            return new ApplyResult.Deferred(needsReload.reason(), Duration.ofNanos(wait), Map.of(), since(start));
        }
        LOG.info("reloading: {}", needsReload.detail());
        return reload(snapshot, start, needsReload.reason(), ApplyResult.RuntimeFallback.NONE_TRIED);
    }

    private ApplyResult applyAtRuntime(RouterSnapshot snapshot, RenderedConfig next, RenderModel nextModel,
                                       ChangePlan.RuntimePlan plan, long start, long rendered) {
        long planned = System.nanoTime();
        // A reload from outside (an operator, a script) that parses `conf` just before the swap below runs the old
        // routing, while the operations go to the worker it replaces: the change would be lost until the next one.
        // Whoever reloads, a new worker list tells, and a reload of ours then settles it.
        Optional<List<Long>> workersBefore = haproxy.workers();
        // Files first: a reload or restart (ours or anyone's) from here on loads the new routing, so disk never lags
        // what HAProxy runs. Unsynced: the page cache serves HAProxy and survives a crash of this process;
        // AfterCheck syncs it later.
        Path staged;
        try {
            staged = generations.stage(next, false);
            makeCurrentOrDiscard(staged);
        } catch (WorkDirException e) {
            return diskFailed(e, Map.of(), start);
        }
        long opsStart = System.nanoTime();
        Optional<String> caRefused = runtime.orElseThrow().caFiles().load(plan.caFiles());
        if (caRefused.isPresent()) {
            LOG.warn("HAProxy did not load a CA file for a runtime change, reloading instead: {}", caRefused.get());
            return reload(snapshot, start, "runtime-op-failed", fallbackInfo(0, true));
        }
        RuntimeApplier.Outcome outcome = runtime.orElseThrow().operations().execute(plan.ops());
        Duration opsTook = elapsed(opsStart);
        if (outcome.failure().isPresent()) {
            LOG.warn("HAProxy refused a runtime change after {} operations, reloading instead: {}",
                    outcome.applied(), outcome.failure().get());
            return reload(snapshot, start, "runtime-op-failed", fallbackInfo(outcome.applied(), true));
        }
        Optional<List<Long>> workersAfter = haproxy.workers();
        if (workersBefore.isEmpty() || !workersBefore.equals(workersAfter)) {
            LOG.warn("HAProxy was reloaded by someone else during a runtime change (workers {} before, {} after); "
                    + "reloading so that it runs the current config", workersBefore.map(Object::toString)
                    .orElse("unknown"), workersAfter.map(Object::toString).orElse("unknown"));
            return reload(snapshot, start, "reloaded-meanwhile", fallbackInfo(outcome.applied(), false));
        }
        // Older folders go once this one is synced and checked (afterCheckPassed), off the path of the next change.
        remember(snapshot, next, nextModel, Map.of());
        runtimeStaged = staged;
        afterCheck.submit(staged);
        Duration total = elapsed(start);
        if (LOG.isDebugEnabled()) {
            LOG.debug("applied at runtime ({}, {} operations) in {} ms: render {}, diff {}, write {}, operations {}, "
                    + "bookkeeping {}", plan.reason(), outcome.applied(), millis(total), millis(rendered - start),
                    millis(planned - rendered), millis(opsStart - planned), millis(opsTook),
                    millis(System.nanoTime() - opsStart - opsTook.toNanos()));
        }
        return new ApplyResult.AppliedAtRuntime(plan.reason(), outcome.applied(), Map.of(),
                new ApplyResult.Timings(total.minus(opsTook), opsTook));
    }

    private ApplyResult reload(RouterSnapshot snapshot, long start, String reason, ApplyResult.RuntimeFallback fallback) {
        ConfigVerifier.Verified verified;
        try {
            verified = verifier.verify(snapshot, lastGood, applied == null ? PoolLayout.NONE : applied.pool());
        } catch (WorkDirException e) {
            return diskFailed(e, Map.of(), start);
        } catch (IOException | RuntimeException e) {
            return new ApplyResult.Failed("cannot write or check the new config: " + e, Map.of(), since(start));
        }
        Map<ObjectRef, String> rejected = verified.rejected();
        if (verified.staged().isEmpty()) {
            return new ApplyResult.Failed("haproxy -c rejected the new config: " + verified.failure(), rejected,
                    since(start), ApplyResult.Cause.CHECK);
        }
        Path staged = verified.staged().get();
        RenderedConfig config = verified.config();
        // A refused runtime operation may have left HAProxy differing from the files: reload even if they match.
        boolean mustReload = fallback != null && fallback.opsApplied() > 0;
        try {
            if (haproxy.isRunning() && config.files().equals(running) && !mustReload) {
                generations.discard(staged);
                return new ApplyResult.Unchanged(rejected, since(start));
            }
            promoteOrDiscard(staged, config);
        } catch (WorkDirException e) {
            return diskFailed(e, rejected, start);
        }
        Duration writeConfig = elapsed(start);
        long haproxyStart = System.nanoTime();
        if (!haproxy.isRunning()) {
            try {
                haproxy.start();
            } catch (IOException | RuntimeException e) {
                return new ApplyResult.Failed("HAProxy did not start: " + e.getMessage(), rejected,
                        new ApplyResult.Timings(writeConfig, elapsed(haproxyStart)), ApplyResult.Cause.HAPROXY);
            }
            remember(snapshot, config, modelOf(config), rejected);
            return new ApplyResult.Started(rejected, new ApplyResult.Timings(writeConfig, elapsed(haproxyStart)));
        }
        ReloadResult reload = haproxy.reload();
        lastReloadNanos = System.nanoTime();
        ApplyResult.Timings timings = new ApplyResult.Timings(writeConfig, reload.took());
        if (!reload.ok()) {
            // What HAProxy runs is unknown now: the next apply must not diff against it.
            applied = null;
            runtimeStaged = null;
            return new ApplyResult.Failed("HAProxy reload failed: " + reload.detail(), rejected, timings,
                    ApplyResult.Cause.HAPROXY);
        }
        remember(snapshot, config, modelOf(config), rejected);
        return new ApplyResult.Reloaded(reason, fallback, rejected, timings);
    }

    private void promoteOrDiscard(Path staged, RenderedConfig config) throws WorkDirException {
        makeCurrentOrDiscard(staged);
        generations.tidy(staged, config);
    }

    private void makeCurrentOrDiscard(Path staged) throws WorkDirException {
        try {
            generations.makeCurrent(staged);
        } catch (WorkDirException e) {
            generations.discard(staged);
            throw e;
        }
    }

    /** The disk let us down: HAProxy was not touched and keeps serving; the same apply can be tried again. */
    private static ApplyResult diskFailed(WorkDirException e, Map<ObjectRef, String> rejected, long start) {
        return new ApplyResult.Failed(e.getMessage(), rejected, since(start), ApplyResult.Cause.DISK);
    }

    private void remember(RouterSnapshot snapshot, RenderedConfig config, RenderModel model,
                          Map<ObjectRef, String> rejected) {
        runtimeStaged = null;
        remember(ConfigVerifier.passed(snapshot, rejected.keySet()), config, model);
        try {
            generations.markApplied();
        } catch (IOException e) {
            LOG.warn("cannot record that HAProxy runs the current config: {}", e.toString());
        }
    }

    /** @param model the config read back for runtime diffs; null with the runtime API off */
    private void remember(Map<ObjectRef, Route> passed, RenderedConfig config, RenderModel model) {
        lastGood = passed;
        running = config.files();
        applied = config;
        appliedModel = model;
        openshiftNames = config.pool().openshiftNames();
    }

    /** A config read back for the next runtime diff (at 10,000 routes it takes ~100 ms): only with the runtime API on. */
    private RenderModel modelOf(RenderedConfig config) {
        return runtime.isPresent() ? RenderModel.of(config) : null;
    }

    /** What a reload reports about the runtime API: null when it is off. */
    private ApplyResult.RuntimeFallback fallbackInfo(int applied, boolean failed) {
        return runtime.isPresent() ? new ApplyResult.RuntimeFallback(applied, failed) : null;
    }

    /** Time since start, as a write-config timing with no HAProxy part. */
    private static ApplyResult.Timings since(long start) {
        return new ApplyResult.Timings(elapsed(start), Duration.ZERO);
    }

    private static String millis(Duration d) {
        return millis(d.toNanos());
    }

    private static String millis(long nanos) {
        return String.format("%.1f", nanos / 1e6);
    }

    private static Duration elapsed(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
