package io.signalbox.router.source;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.AnyNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.openshift.api.model.Route;
import io.fabric8.openshift.api.model.RouteList;
import io.fabric8.openshift.client.OpenShiftClient;
import io.signalbox.router.model.ObjectRef;
import io.signalbox.router.status.LoggedOnlyStatus;
import io.signalbox.router.status.RouteStatusWriter;
import io.signalbox.router.status.StatusSink;
import io.signalbox.router.status.StatusWriterLease;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes, services and endpoints from a Kubernetes API, through fabric8 informers (SPEC §0.1, §3.1).
 *
 * <p>Nothing is delivered before every informer has synced; then one batch holds namespaces, services, endpoints
 * and routes oldest first, ending with Synced, and each later change follows as its own batch. All informer
 * callbacks hop onto one thread, which owns the {@link KubeMirror}, so events keep their order.
 *
 * <p>When the API goes away the informers reconnect with backoff and HAProxy keeps serving. The state last synced is
 * persisted ({@link KubeStateFile}); a start with an unreachable API serves it after the startup timeout, and the
 * live state replaces it, as a diff, once the API answers.
 *
 * <p>The source owns the cluster connection: status writers made by {@link #statusSink} and the client made by
 * {@link #connect} close with it.
 */
public final class KubeRouteSource implements RouteSource {
    private static final Logger LOG = LoggerFactory.getLogger(KubeRouteSource.class);
    private static final Duration PERSIST_EVERY = Duration.ofSeconds(2);
    private static final Duration CHECK_EVERY = Duration.ofMillis(250);

    private final KubernetesClient client;
    private final KubeSettings settings;
    private final KubeStateFile stateFile;
    private final Clock clock;
    private final List<AutoCloseable> owned = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService events = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "kube-events");
        thread.setDaemon(true);
        return thread;
    });
    private final KubeMirror mirror = new KubeMirror();
    private final List<SharedIndexInformer<? extends HasMetadata>> informers = new ArrayList<>();
    private final SharedIndexInformer<Route> routeInformer;
    private final List<Consumer<Route>> routeObservers = new CopyOnWriteArrayList<>();

    private volatile KubeConnection connection;
    private volatile String lastError = "";
    private volatile boolean liveSynced;
    private volatile boolean restoredServed;
    /** The persisted state while it is served in place of the live one; null otherwise. Events thread only. */
    private ManifestView restored;
    private SourceListener listener;
    private boolean dirty;
    private long startedAt;

    /** A source on a client of the caller's, who also closes it. */
    public KubeRouteSource(KubernetesClient client, KubeSettings settings, Path workDir) {
        this.client = client;
        this.settings = settings;
        this.stateFile = new KubeStateFile(workDir.resolve("cluster-state.json"));
        this.clock = Clock.systemUTC();
        this.connection = new KubeConnection(KubeConnection.State.CONNECTING, clock.instant(), "");
        OpenShiftClient openshift = client.adapt(OpenShiftClient.class);
        FilterWatchListDeletable<Route, RouteList, Resource<Route>> routes = scoped(openshift.routes());
        routes = settings.routeLabels().map(routes::withLabelSelector).orElse(routes);
        for (KubeSettings.FieldRequirement term : settings.routeFields().map(KubeSettings::fieldRequirements)
                .orElse(List.of())) {
            routes = term.negated() ? routes.withoutField(term.field(), term.value())
                    : routes.withField(term.field(), term.value());
        }
        settings.namespaceLabels().ifPresent(selector ->
                inform(client.namespaces().withLabelSelector(selector), new Handler<>()));
        inform(scoped(client.services()), new Handler<>());
        if (settings.watchEndpoints()) {
            inform(scoped(client.endpoints()), new Handler<>());
        } else {
            inform(scoped(client.discovery().v1().endpointSlices()), new Handler<>());
        }
        this.routeInformer = inform(routes, new Handler<>() {
            @Override
            void changed(Route route) {
                routeObservers.forEach(observer -> observer.accept(route));
            }
        });
    }

    /** A source on a client of its own, built from the settings (kubeconfig, in-cluster or KUBERNETES_MASTER). */
    public static KubeRouteSource connect(KubeSettings settings, Path workDir) {
        KubernetesClient client = KubeClients.create(settings);
        KubeRouteSource source = new KubeRouteSource(client, settings, workDir);
        source.owned.add(client);
        return source;
    }

    @Override
    public synchronized void start(SourceListener listener) {
        if (this.listener != null) {
            throw new IllegalStateException("the Kubernetes source was already started");
        }
        this.listener = listener;
        startedAt = System.nanoTime();
        LOG.info("watching {} on {}{}", watchedKinds(), client.getMasterUrl(),
                settings.namespace().isEmpty() ? "" : " in namespace " + settings.namespace());
        CompletableFuture<?>[] synced = informers.stream()
                .map(informer -> informer.exceptionHandler((started, error) -> {
                    lastError = String.valueOf(error);
                    return true; // keep retrying, with fabric8's backoff, for as long as the router runs
                }).start().toCompletableFuture())
                .toArray(CompletableFuture[]::new);
        CompletableFuture.allOf(synced).thenRun(() -> events.execute(this::firstSync));
        events.schedule(this::startupTimedOut, settings.startupTimeout().toMillis(), TimeUnit.MILLISECONDS);
        events.scheduleWithFixedDelay(this::checkConnection, CHECK_EVERY.toMillis(), CHECK_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        events.scheduleWithFixedDelay(this::persist, PERSIST_EVERY.toMillis(), PERSIST_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** True once the router has a state to serve: the API's, or the persisted one while the API is unreachable. */
    public boolean hasSynced() {
        return liveSynced || restoredServed;
    }

    /** How the watches stand now. */
    public KubeConnection connection() {
        return connection;
    }

    /** The route as the informer last saw it. */
    public Optional<Route> cachedRoute(ObjectRef ref) {
        return Optional.ofNullable(routeInformer.getStore().getByKey(ref.namespace() + "/" + ref.name()));
    }

    /** Called, on the source's thread, with every route the API adds or changes (status writes included). */
    void observeRoutes(Consumer<Route> observer) {
        routeObservers.add(observer);
    }

    /**
     * Where route status goes with this cluster: the Route status subresource, written by the replica that holds
     * the router's lease, or nowhere when ROUTER_UPDATE_STATUS=false. Closes with the source.
     */
    public StatusSink statusSink(String routerName) {
        return statusSink(routerName, StatusWriterLease.Timings.DEFAULT);
    }

    /** As {@link #statusSink(String)}, with lease timings of the caller's (tests use short ones). */
    public StatusSink statusSink(String routerName, StatusWriterLease.Timings leaseTimings) {
        if (!settings.updateStatus()) {
            LOG.info("ROUTER_UPDATE_STATUS=false: route status is logged, not written to the API");
            return new LoggedOnlyStatus();
        }
        StatusWriterLease lease = new StatusWriterLease(client, settings.leaseNamespace(), routerName,
                settings.identity(), leaseTimings);
        // OpenShift's contention window is a tenth of the resync interval.
        RouteStatusWriter writer = new RouteStatusWriter(client.adapt(OpenShiftClient.class), routerName,
                this::cachedRoute, lease::isLeader, clock, settings.resyncInterval().dividedBy(10));
        observeRoutes(writer::observed);
        owned.add(0, writer);
        owned.add(0, lease); // released first, so that another replica takes over at once
        lease.start(writer::becameWriter);
        return writer;
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
        events.shutdownNow();
        try {
            events.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (AutoCloseable resource : owned) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", resource, e.toString());
            }
        }
    }

    private <T extends HasMetadata, L, R extends Resource<T>> AnyNamespaceOperation<T, L, R> scoped(
            MixedOperation<T, L, R> operation) {
        return settings.namespace().isEmpty() ? operation.inAnyNamespace() : operation.inNamespace(settings.namespace());
    }

    private <T extends HasMetadata> SharedIndexInformer<T> inform(FilterWatchListDeletable<T, ?, ?> watch,
                                                                  Handler<T> handler) {
        SharedIndexInformer<T> informer = watch.runnableInformer(settings.resyncInterval().toMillis());
        informer.addEventHandler(handler);
        informers.add(informer);
        return informer;
    }

    /** Hops informer callbacks onto the events thread, in the order the informer gave them. */
    private class Handler<T extends HasMetadata> implements ResourceEventHandler<T> {
        @Override
        public void onAdd(T object) {
            events.execute(() -> {
                deliver(mirror.upserted(object));
                changed(object);
            });
        }

        @Override
        public void onUpdate(T before, T after) {
            onAdd(after);
        }

        @Override
        public void onDelete(T object, boolean finalStateUnknown) {
            events.execute(() -> deliver(mirror.deleted(object)));
        }

        /** After the mirror saw an added or changed object. */
        void changed(T object) {
        }
    }

    /** Before the first sync the mirror only gathers: nothing is written before the caches sync (SPEC §0.1). */
    private void deliver(List<SourceEvent> batch) {
        dirty = true;
        if (liveSynced && !batch.isEmpty()) {
            listener.onEvents(batch);
        }
    }

    private void firstSync() {
        // Callbacks for the initial list may still be queued behind this task; the stores are complete now.
        informers.forEach(informer -> informer.getStore().list().forEach(mirror::upserted));
        ManifestView live = mirror.view();
        List<SourceEvent> batch = new ArrayList<>(ViewDiff.between(restored == null ? ManifestView.EMPTY : restored, live));
        batch.add(new SourceEvent.Synced());
        if (restored != null) {
            LOG.info("the Kubernetes API answered: the live state replaces the persisted one ({} changes)",
                    batch.size() - 1);
        }
        LOG.info("synced with the Kubernetes API in {} ms: {} routes, {} services, {} services with endpoints",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt), live.routes().size(),
                live.services().size(), live.endpoints().size());
        restored = null;
        liveSynced = true;
        dirty = true;
        listener.onEvents(List.copyOf(batch));
        checkConnection();
        persist();
    }

    /** The API did not answer in time: serve what the last run persisted rather than nothing. */
    private void startupTimedOut() {
        if (liveSynced) {
            return;
        }
        try {
            Optional<KubeStateFile.Persisted> persisted = stateFile.read();
            if (persisted.isEmpty()) {
                LOG.warn("the Kubernetes API did not answer within {} ({}) and no state was persisted by an earlier "
                        + "run; still waiting for the API", settings.startupTimeout(), lastError);
                return;
            }
            restored = persisted.get().view();
            restoredServed = true;
            LOG.warn("the Kubernetes API did not answer within {} ({}); serving the state persisted at {} "
                            + "({} routes) until it does", settings.startupTimeout(), lastError,
                    persisted.get().writtenAt(), restored.routes().size());
            List<SourceEvent> batch = new ArrayList<>(ViewDiff.between(ManifestView.EMPTY, restored));
            batch.add(new SourceEvent.Synced());
            listener.onEvents(List.copyOf(batch));
        } catch (IOException | RuntimeException e) {
            LOG.error("cannot read the persisted cluster state {}: {}", stateFile.path(), e.toString());
        }
    }

    private void checkConnection() {
        if (!liveSynced) {
            return;
        }
        boolean watching = informers.stream().allMatch(SharedIndexInformer::isWatching);
        KubeConnection.State now = watching ? KubeConnection.State.CONNECTED : KubeConnection.State.DISCONNECTED;
        if (now == connection.state()) {
            return;
        }
        connection = new KubeConnection(now, clock.instant(), lastError);
        if (now == KubeConnection.State.DISCONNECTED) {
            LOG.warn("lost the watch on the Kubernetes API ({}); HAProxy keeps serving the last state while the "
                    + "router reconnects", lastError);
        } else {
            LOG.info("watching the Kubernetes API again; following its state");
        }
    }

    /** Only a synced state is persisted: a partial one would hide routes after a restart. */
    private void persist() {
        if (!liveSynced || !dirty) {
            return;
        }
        List<HasMetadata> objects = new ArrayList<>();
        informers.forEach(informer -> objects.addAll(informer.getStore().list()));
        try {
            stateFile.write(objects);
            dirty = false;
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot persist the cluster state to {}: {}", stateFile.path(), e.toString());
        }
    }

    private String watchedKinds() {
        List<String> kinds = new ArrayList<>(List.of("routes", "services",
                settings.watchEndpoints() ? "endpoints" : "endpointslices"));
        settings.namespaceLabels().ifPresent(selector -> kinds.add("namespaces (" + selector + ")"));
        settings.routeLabels().ifPresent(selector -> kinds.set(0, "routes (" + selector + ")"));
        return String.join(", ", kinds);
    }
}
