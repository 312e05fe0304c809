package io.signalbox.router.status;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One status writer among the replicas of a router: a coordination.k8s.io Lease named after the router, held
 * through fabric8's leader election. A replica that loses the lease (say, while the API was unreachable) runs for
 * it again; closing releases it, so another replica takes over without waiting for it to expire.
 */
public final class StatusWriterLease implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatusWriterLease.class);

    private final KubernetesClient client;
    private final String namespace;
    private final String name;
    private final String identity;
    private final Timings timings;
    private Runnable onLeading;
    private volatile boolean leader;
    private volatile boolean closed;
    private CompletableFuture<?> election;

    /** Lease term, how long a leader keeps trying to renew, and how often everyone tries. */
    public record Timings(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
        /** Kubernetes' usual values: a dead leader is replaced within about 15 s. */
        public static final Timings DEFAULT = new Timings(Duration.ofSeconds(15), Duration.ofSeconds(10),
                Duration.ofSeconds(2));
    }

    /** The lease's name for a router: one lease per router name, whatever its replicas are called. */
    public static String leaseName(String routerName) {
        return "router-status-" + routerName;
    }

    public StatusWriterLease(KubernetesClient client, String namespace, String routerName, String identity,
                             Timings timings) {
        this.client = client;
        this.namespace = namespace;
        this.name = leaseName(routerName);
        this.identity = identity;
        this.timings = timings;
    }

    /** Runs for the lease; {@code onLeading} runs, on fabric8's thread, each time this replica becomes the writer. */
    public synchronized void start(Runnable onLeading) {
        this.onLeading = onLeading;
        elect();
    }

    private synchronized void elect() {
        if (closed) {
            return;
        }
        election = client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
                        .withName(name)
                        .withLock(new LeaseLock(namespace, name, identity))
                        .withLeaseDuration(timings.leaseDuration())
                        .withRenewDeadline(timings.renewDeadline())
                        .withRetryPeriod(timings.retryPeriod())
                        .withReleaseOnCancel(true)
                        .withLeaderCallbacks(new LeaderCallbacks(this::startedLeading, this::stoppedLeading,
                                this::newLeader))
                        .build())
                .build()
                .start();
        // An elector runs once: after losing the lease it ends, and a new one runs for it again.
        election.whenComplete((done, error) -> {
            if (!closed) {
                CompletableFuture.delayedExecutor(timings.retryPeriod().toMillis(), TimeUnit.MILLISECONDS)
                        .execute(this::elect);
            }
        });
    }

    /** True while this replica holds the lease. */
    public boolean isLeader() {
        return leader;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (election != null) {
            election.cancel(true);
        }
        leader = false;
    }

    private void startedLeading() {
        leader = true;
        LOG.info("this replica ({}) writes route status now (lease {}/{})", identity, namespace, name);
        onLeading.run();
    }

    private void stoppedLeading() {
        if (leader) {
            LOG.info("this replica ({}) stopped writing route status (lease {}/{})", identity, namespace, name);
        }
        leader = false;
    }

    private void newLeader(String holder) {
        if (!identity.equals(holder)) {
            LOG.info("route status is written by replica {} (lease {}/{})", holder, namespace, name);
        }
    }
}
