package io.signalbox.router.apply;

import io.signalbox.haproxy.CheckResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Finishes a config applied through the runtime API after HAProxy already serves it: syncs its files to disk and
 * runs {@code haproxy -c} on them, on a thread of its own. Neither is needed for the change to reach traffic, and
 * together they take longer (≈ 70 ms) than the change itself. Only the newest folder handed in is finished; older
 * ones were replaced on disk anyway. The check is not a gate but a guard against a config that HAProxy took line
 * by line at runtime and would not load whole; a failure is reported with the folder it was run on, so that the
 * caller can ignore a folder that is no longer current, and answer the others with a reload. A pass is reported
 * too: removing older folders waits for it, because unlinking files while the sync runs can stall for 100 ms and
 * more on ext4, and the next change would wait for it.
 */
final class AfterCheck implements AutoCloseable {
    /**
     * A check starts this long after the change that asked for it, so that a burst of changes is checked once and
     * the check's CPU (a whole HAProxy parsing the config) does not compete with the burst.
     */
    private static final long DELAY_MILLIS = 100;

    private final ConfigGenerations generations;
    private final ConfigVerifier verifier;
    private final Consumer<Path> onPassed;
    private final BiConsumer<Path, String> onFailure;
    private final AtomicReference<Path> newest = new AtomicReference<>();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "haproxy-after-check");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param onPassed  called on the check thread with the folder, synced, when the check passed
     * @param onFailure called on the check thread with the folder and HAProxy's output when the check failed
     */
    AfterCheck(ConfigGenerations generations, ConfigVerifier verifier, Consumer<Path> onPassed,
               BiConsumer<Path, String> onFailure) {
        this.generations = generations;
        this.verifier = verifier;
        this.onPassed = onPassed;
        this.onFailure = onFailure;
    }

    /** Syncs and checks this folder soon, unless a newer one comes first. */
    void submit(Path staged) {
        if (newest.getAndSet(staged) == null) {
            thread.schedule(this::finishNewest, DELAY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void finishNewest() {
        Path staged = newest.getAndSet(null);
        if (staged == null) {
            return;
        }
        try {
            if (!generations.sync(staged)) {
                return;
            }
            CheckResult check = verifier.check(staged);
            if (check.valid()) {
                onPassed.accept(staged);
            } else {
                onFailure.accept(staged, check.output().strip());
            }
        } catch (IOException | RuntimeException e) {
            onFailure.accept(staged, e.toString());
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
