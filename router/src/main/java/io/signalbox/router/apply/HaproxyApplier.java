package io.signalbox.router.apply;

import io.signalbox.haproxy.ReloadResult;
import io.signalbox.router.model.ObjectRef;
import io.signalbox.router.model.Route;
import io.signalbox.router.render.RenderedConfig;
import io.signalbox.router.state.RouterSnapshot;
import io.signalbox.router.tls.DirectoryWatcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a snapshot: render, stage and check (through {@link ConfigVerifier}), then make it current and start or
 * reload HAProxy. Blocking; the router loop calls it on a worker thread, one apply at a time. When the default
 * certificate comes from a folder (DEFAULT_CERTIFICATE_DIR), a change there applies the last snapshot again, from
 * the folder watcher's thread; the watcher stops with HAProxy's supervision.
 */
public final class HaproxyApplier {
    private static final Logger LOG = LoggerFactory.getLogger(HaproxyApplier.class);

    private final ConfigVerifier verifier;
    private final ConfigGenerations generations;
    private final HaproxySupervisor haproxy;
    private Map<ObjectRef, Route> lastGood = Map.of();
    private Map<String, String> running;
    private RouterSnapshot lastSnapshot;

    public HaproxyApplier(ConfigVerifier verifier, ConfigGenerations generations, HaproxySupervisor haproxy) {
        this.verifier = verifier;
        this.generations = generations;
        this.haproxy = haproxy;
        verifier.watchedFolder().ifPresent(dir -> {
            try {
                haproxy.stopWith(new DirectoryWatcher(dir, this::reapply));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot watch " + dir, e);
            }
        });
    }

    /** Applies the last snapshot again, because an input outside it (the default certificate) changed. */
    synchronized void reapply() {
        if (lastSnapshot == null || !haproxy.isRunning()) {
            return;
        }
        ApplyResult result = apply(lastSnapshot);
        LOG.info("default certificate folder changed: {}", result);
    }

    public synchronized ApplyResult apply(RouterSnapshot snapshot) {
        lastSnapshot = snapshot;
        long start = System.nanoTime();
        ConfigVerifier.Verified verified;
        try {
            verified = verifier.verify(snapshot, lastGood);
        } catch (IOException | RuntimeException e) {
            return new ApplyResult.Failed("cannot write or check the new config: " + e, Map.of(), since(start));
        }
        Map<ObjectRef, String> rejected = verified.rejected();
        if (verified.staged().isEmpty()) {
            return new ApplyResult.Failed("haproxy -c rejected the new config: " + verified.failure(), rejected,
                    since(start));
        }
        Path staged = verified.staged().get();
        RenderedConfig config = verified.config();
        try {
            if (haproxy.isRunning() && config.files().equals(running)) {
                generations.discard(staged);
                return new ApplyResult.Unchanged(rejected, since(start));
            }
            generations.promote(staged, config);
        } catch (IOException e) {
            return new ApplyResult.Failed("cannot make the new config current: " + e, rejected, since(start));
        }
        lastGood = ConfigVerifier.passed(snapshot, rejected.keySet());
        Duration writeConfig = elapsed(start);
        long haproxyStart = System.nanoTime();
        if (!haproxy.isRunning()) {
            try {
                haproxy.start();
            } catch (IOException | RuntimeException e) {
                return new ApplyResult.Failed("HAProxy did not start: " + e.getMessage(), rejected,
                        new ApplyResult.Timings(writeConfig, elapsed(haproxyStart)));
            }
            running = config.files();
            return new ApplyResult.Started(rejected, new ApplyResult.Timings(writeConfig, elapsed(haproxyStart)));
        }
        ReloadResult reload = haproxy.reload();
        ApplyResult.Timings timings = new ApplyResult.Timings(writeConfig, reload.took());
        if (!reload.ok()) {
            return new ApplyResult.Failed("HAProxy reload failed: " + reload.detail(), rejected, timings);
        }
        running = config.files();
        return new ApplyResult.Reloaded("config changed", rejected, timings);
    }

    /** Time since start, as a write-config timing with no HAProxy part. */
    private static ApplyResult.Timings since(long start) {
        return new ApplyResult.Timings(elapsed(start), Duration.ZERO);
    }

    private static Duration elapsed(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
