package io.signalbox.router.apply;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the working directory takes writes, as the last applies found. An episode of trouble (disk full,
 * read-only) is logged once when it starts and once when it ends, however many retries fall in between, and shows
 * meanwhile as a readiness note and a metric. It does not make the node unready: HAProxy keeps serving the last good
 * config, which is what an operator wants from a node that cannot take changes for a while. Any thread.
 */
public final class WorkDirHealth {
    private static final Logger LOG = LoggerFactory.getLogger(WorkDirHealth.class);

    private final Path dir;
    private final Clock clock;
    private Episode episode;

    /** Trouble since a time, with the latest reason and how many applies failed on it. */
    private record Episode(Instant since, String detail, int failures) {
    }

    public WorkDirHealth(Path dir, Clock clock) {
        this.dir = dir;
        this.clock = clock;
    }

    /** An apply could not write the working directory. */
    public synchronized void failed(String detail) {
        if (episode == null) {
            LOG.error("working directory {} cannot be written, so changes are not applied; HAProxy keeps serving the "
                    + "last good configuration; retrying until the disk takes writes again: {}", dir, detail);
            episode = new Episode(clock.instant(), detail, 1);
        } else {
            LOG.debug("working directory {} still cannot be written: {}", dir, detail);
            episode = new Episode(episode.since(), detail, episode.failures() + 1);
        }
    }

    /** An apply wrote the working directory. */
    public synchronized void recovered() {
        if (episode != null) {
            LOG.info("working directory {} takes writes again after {} s and {} failed applies; pending changes applied",
                    dir, Duration.between(episode.since(), clock.instant()).toSeconds(), episode.failures());
            episode = null;
        }
    }

    public synchronized boolean writable() {
        return episode == null;
    }

    /** "" while writable; otherwise since when, how often and why not (a readiness note). */
    public synchronized String note() {
        return episode == null ? "" : "cannot be written since " + episode.since() + " (" + episode.failures()
                + " failed applies, retrying), serving the last good configuration; last error: " + episode.detail();
    }
}
