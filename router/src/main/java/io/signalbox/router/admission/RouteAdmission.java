package io.signalbox.router.admission;

import io.signalbox.router.model.NamespaceInfo;
import io.signalbox.router.model.ObjectRef;
import io.signalbox.router.model.Route;
import io.signalbox.router.model.RouteAge;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The admission chain, fed one event at a time, like OpenShift's plugin chain:
 * host rewriting, RouteSpecValidator, HostAdmitter, UniqueHost, ExtendedValidator, then the served set.
 * Owned by one thread; not thread-safe.
 */
public final class RouteAdmission {
    private final AdmissionSettings settings;
    private final HostRewriter rewriter;
    private final StatusRecorder status = new StatusRecorder();
    private final ServedRoutes served = new ServedRoutes(status);
    private final RoutePlugin chain;

    /** Every selected route (effective host), in or out of an allowed namespace, for replay. */
    private final Map<ObjectRef, Route> routes = new HashMap<>();
    /** Namespaces whose labels match NAMESPACE_LABELS; unused when it is not set. */
    private final Set<String> allowedNamespaces = new HashSet<>();

    public RouteAdmission(AdmissionSettings settings) {
        this.settings = settings;
        this.rewriter = new HostRewriter(settings);
        // ExtendedValidator between UniqueHost and the served set, as in OpenShift (SPEC §0.1).
        RoutePlugin uniqueHost = new UniqueHost(Activation.forSettings(settings), status,
                new FieldCheckStep(ExtendedValidator.EXTENDED_VALIDATION_FAILED,
                        route -> ExtendedValidator.errors(route.tls(), settings.extendedValidation()), status, served));
        this.chain = new FieldCheckStep(Condition.INVALID_ROUTE, RouteSpecValidator::errors, status,
                new HostAdmitter(settings, status, uniqueHost));
    }

    /** A route was added or updated. */
    public List<AdmissionChange> routeUpserted(Route route) {
        boolean selected = settings.routeLabels().map(s -> s.matches(route.labels())).orElse(true);
        if (!selected) {
            // Outside ROUTE_LABELS the watch would have sent a delete.
            return routeDeleted(route.ref());
        }
        Route effective = rewriter.apply(route);
        routes.put(effective.ref(), effective);
        if (namespaceAllowed(effective.namespace())) {
            chain.upserted(effective);
        }
        return status.drain();
    }

    public List<AdmissionChange> routeDeleted(ObjectRef ref) {
        Route previous = routes.remove(ref);
        if (previous != null && namespaceAllowed(previous.namespace())) {
            chain.deleted(previous);
        }
        status.forget(ref);
        return status.drain();
    }

    public List<AdmissionChange> namespaceUpserted(NamespaceInfo namespace) {
        settings.namespaceLabels().ifPresent(selector -> {
            boolean matches = selector.matches(namespace.labels());
            if (matches && allowedNamespaces.add(namespace.name())) {
                replay(namespace.name());
            } else if (!matches) {
                leave(namespace.name());
            }
        });
        return status.drain();
    }

    public List<AdmissionChange> namespaceDeleted(String name) {
        if (settings.namespaceLabels().isPresent()) {
            leave(name);
        }
        return status.drain();
    }

    /** Routes currently served (admitted), with their effective host, keyed by ref. */
    public Map<ObjectRef, Route> admitted() {
        return served.snapshot();
    }

    private boolean namespaceAllowed(String namespace) {
        return settings.namespaceLabels().isEmpty() || allowedNamespaces.contains(namespace);
    }

    /** As router_controller processNamespace: the namespace's cached routes, oldest first. */
    private void replay(String namespace) {
        routes.values().stream()
                .filter(r -> r.namespace().equals(namespace))
                .sorted(RouteAge.OLDEST_FIRST)
                .toList()
                .forEach(chain::upserted);
    }

    private void leave(String namespace) {
        if (allowedNamespaces.remove(namespace)) {
            chain.namespacesFiltered(this::namespaceAllowed);
            routes.keySet().stream().filter(ref -> ref.namespace().equals(namespace)).forEach(status::forget);
        }
    }
}
