package io.signalbox.router.status;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.openshift.api.model.Route;
import io.fabric8.openshift.api.model.RouteIngress;
import io.fabric8.openshift.client.OpenShiftClient;
import io.signalbox.router.model.ObjectRef;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Route status with a cluster: this router's status.ingress element, written to the Route's status subresource
 * (SPEC §3.2). The loop says what it wants; this class decides whether the API needs a call. Nothing is sent when
 * the informer's copy already says it; otherwise the route is read again, skipped if it was replaced (another
 * UID), and updated with its resourceVersion, retried at once on a conflict and later, with backoff, when the API
 * is unreachable. Only the replica holding the lease writes; the others catch up when they get it. A route whose
 * element another process keeps changing is left alone for a while ({@link StatusContention}).
 *
 * <p>API calls run on a thread of this class, in order, so {@link #write} never waits for the network.
 */
public final class RouteStatusWriter implements StatusSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RouteStatusWriter.class);
    private static final int CONFLICT_RETRIES = 3;
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** Enough to tell the echoes of our own recent writes from another process's. */
    private static final int REMEMBERED_WRITES = 4;

    private final OpenShiftClient client;
    private final String routerName;
    private final Function<ObjectRef, Optional<Route>> cache;
    private final BooleanSupplier isWriter;
    private final StatusContention contention;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "route-status");
        t.setDaemon(true);
        return t;
    });
    private final Map<ObjectRef, Wanted> wanted = new ConcurrentHashMap<>();
    // The fields below belong to the writer thread.
    private final Map<ObjectRef, Deque<String>> ourVersions = new HashMap<>();
    private final Map<ObjectRef, Duration> backoff = new HashMap<>();
    private final Set<ObjectRef> retryScheduled = new HashSet<>();

    /** An element to write, for the route with this UID (null when the informer did not know the route yet). */
    private record Wanted(IngressStatus status, String uid) {
    }

    /**
     * @param cache    the route informer's copy of a route
     * @param isWriter true while this replica may write (holds the lease)
     */
    public RouteStatusWriter(OpenShiftClient client, String routerName, Function<ObjectRef, Optional<Route>> cache,
                             BooleanSupplier isWriter, Clock clock, Duration contentionWindow) {
        this.client = client;
        this.routerName = routerName;
        this.cache = cache;
        this.isWriter = isWriter;
        this.contention = new StatusContention(clock, contentionWindow, 2);
    }

    @Override
    public void write(ObjectRef route, IngressStatus status) {
        String uid = cache.apply(route).map(r -> r.getMetadata().getUid()).orElse(null);
        wanted.put(route, new Wanted(status, uid));
        thread.execute(() -> reconcile(route));
    }

    /** The API object is already gone; only our memory of it goes. */
    @Override
    public void delete(ObjectRef route) {
        wanted.remove(route);
        thread.execute(() -> {
            ourVersions.remove(route);
            backoff.remove(route);
            retryScheduled.remove(route);
            contention.forget(route);
        });
    }

    /** The API holds the status; lastTransitionTime is kept by comparing with it, so nothing is preloaded. */
    @Override
    public Map<ObjectRef, IngressStatus> loadAll() {
        return Map.of();
    }

    /** A route as the informer saw it: puts our element back if another process changed it. */
    public void observed(Route route) {
        thread.execute(() -> {
            ObjectRef ref = new ObjectRef(route.getMetadata().getNamespace(), route.getMetadata().getName());
            Wanted want = wanted.get(ref);
            if (want == null || IngressEntries.matches(IngressEntries.ours(route, routerName), want.status())
                    || ourVersions.getOrDefault(ref, new ArrayDeque<>()).contains(route.getMetadata().getResourceVersion())) {
                return;
            }
            if (ourVersions.containsKey(ref) && isWriter.getAsBoolean() && contention.changedByOther(ref)) {
                LOG.warn("route {}: another process keeps changing the status of router {}; not writing it for a "
                        + "while (are two routers named {} running with different settings?)", ref, routerName, routerName);
            }
            reconcile(ref);
        });
    }

    /** This replica became the writer: write what the previous one left undone. */
    public void becameWriter() {
        thread.execute(() -> wanted.keySet().forEach(this::reconcile));
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }

    private void reconcile(ObjectRef ref) {
        Wanted want = wanted.get(ref);
        if (want == null || !isWriter.getAsBoolean() || contention.isContended(ref)) {
            return;
        }
        if (cache.apply(ref).map(r -> IngressEntries.matches(IngressEntries.ours(r, routerName), want.status()))
                .orElse(false)) {
            return; // the API already says it: no call
        }
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    update(ref, want);
                    backoff.remove(ref);
                    return;
                } catch (KubernetesClientException e) {
                    if (e.getCode() != 409 || attempt == CONFLICT_RETRIES) {
                        throw e;
                    }
                    LOG.debug("route {} changed while its status was written; reading it again", ref);
                }
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return; // deleted meanwhile; its delete event follows
            }
            retryLater(ref, e);
        }
    }

    private void update(ObjectRef ref, Wanted want) {
        Route current = client.routes().inNamespace(ref.namespace()).withName(ref.name()).get();
        if (current == null) {
            return;
        }
        if (want.uid() != null && !want.uid().equals(current.getMetadata().getUid())) {
            LOG.debug("route {} was replaced (uid {} → {}); its own event brings its status", ref, want.uid(),
                    current.getMetadata().getUid());
            return;
        }
        if (IngressEntries.matches(IngressEntries.ours(current, routerName), want.status())) {
            return;
        }
        Route written = client.resource(IngressEntries.withEntry(current, want.status())).updateStatus();
        Deque<String> versions = ourVersions.computeIfAbsent(ref, k -> new ArrayDeque<>());
        versions.addLast(Objects.requireNonNullElse(written.getMetadata().getResourceVersion(), ""));
        if (versions.size() > REMEMBERED_WRITES) {
            versions.removeFirst();
        }
    }

    /** One retry per route at a time; it writes whatever is wanted by then. */
    private void retryLater(ObjectRef ref, KubernetesClientException e) {
        if (!retryScheduled.add(ref)) {
            return;
        }
        Duration delay = backoff.getOrDefault(ref, FIRST_BACKOFF);
        backoff.put(ref, delay.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : delay.multipliedBy(2));
        if (delay.equals(FIRST_BACKOFF)) {
            LOG.warn("cannot write the status of route {} ({}); retrying with backoff", ref, e.getMessage());
        }
        thread.schedule(() -> {
            retryScheduled.remove(ref);
            reconcile(ref);
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }
}
