package io.signalbox.router.admission;

import io.signalbox.router.model.ObjectRef;
import io.signalbox.router.model.Route;
import io.signalbox.router.model.RouteAge;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * OpenShift's HostAdmitter plugin: the admission function (domains, wildcard policy) and, when wildcard routes are
 * on, ownership of hosts and wildcard domains across namespaces (SPEC §2.2).
 */
final class HostAdmitter implements RoutePlugin {
    private final HostPolicy policy;
    private final boolean wildcardRoutes;
    private final boolean ownershipCheckDisabled;
    private final StatusRecorder status;
    private final RoutePlugin next;

    private final ClaimMap claimedHosts = new ClaimMap();
    private final ClaimMap claimedWildcards = new ClaimMap();
    private final ClaimMap blockedWildcards = new ClaimMap();
    /** What each claimant claimed with, so host changes and deletes release the right keys. */
    private final Map<ObjectRef, Route> claimants = new HashMap<>();

    HostAdmitter(AdmissionSettings settings, StatusRecorder status, RoutePlugin next) {
        this.policy = new HostPolicy(settings);
        this.wildcardRoutes = settings.allowWildcardRoutes();
        this.ownershipCheckDisabled = settings.disableNamespaceOwnershipCheck();
        this.status = status;
        this.next = next;
    }

    /** A failed ownership check: the message and the namespace of the route that holds the claim. */
    private record Blocked(String message, String ownerNamespace) {
    }

    @Override
    public void upserted(Route route) {
        Optional<String> notAdmitted = policy.rejection(route);
        if (notAdmitted.isPresent()) {
            withdraw(route, Condition.ROUTE_NOT_ADMITTED, notAdmitted.get());
            return;
        }
        if (wildcardRoutes && !route.host().isEmpty()) {
            release(route.ref());
            Map<ObjectRef, Route> displaced = new LinkedHashMap<>();
            Optional<Blocked> blocked = findConflicts(route, displaced);
            if (blocked.isPresent()) {
                String message = blocked.get().ownerNamespace().equals(route.namespace())
                        ? blocked.get().message()
                        : "a route in another namespace holds host " + route.host();
                withdraw(route, Condition.HOST_ALREADY_CLAIMED, message);
                return;
            }
            displaced.values().forEach(other -> displace(other, route));
            claim(route);
        }
        next.upserted(route);
    }

    @Override
    public void deleted(Route route) {
        release(route.ref());
        next.deleted(route);
    }

    @Override
    public void namespacesFiltered(Predicate<String> allowed) {
        claimants.keySet().stream().filter(ref -> !allowed.test(ref.namespace())).toList().forEach(this::release);
        next.namespacesFiltered(allowed);
    }

    private void withdraw(Route route, String reason, String message) {
        status.reject(route, reason, message);
        deleted(route);
    }

    /** host_admitter.go displacedRoutes: the claim that blocks the route, else the claims it displaces. */
    private Optional<Blocked> findConflicts(Route route, Map<ObjectRef, Route> displaced) {
        String domain = DomainList.domainOf(route.host());
        for (Route other : claimedHosts.get(route.host())) {
            // In one namespace a wildcard coexists with hosts, and hosts coexist on different paths.
            if (sharesOwnership(other, route) && (route.isWildcard() || !other.path().equals(route.path()))) {
                continue;
            }
            if (RouteAge.isOlder(other, route)) {
                return blocked(other, "route %s/%s has host %s".formatted(
                        other.namespace(), other.name(), other.host()));
            }
            displaced.put(other.ref(), other);
        }
        for (Route other : claimedWildcards.get(domain)) {
            if (sharesOwnership(other, route) && (!route.isWildcard() || !other.path().equals(route.path()))) {
                continue;
            }
            if (RouteAge.isOlder(other, route)) {
                return blocked(other, "wildcard route %s/%s has host *.%s, blocking %s".formatted(
                        other.namespace(), other.name(), domain, route.host()));
            }
            displaced.put(other.ref(), other);
        }
        if (route.isWildcard()) {
            for (Route other : blockedWildcards.get(domain)) {
                if (sharesOwnership(other, route)) {
                    continue;
                }
                if (RouteAge.isOlder(other, route)) {
                    return blocked(other, "route %s/%s has host %s, blocking *.%s".formatted(
                            other.namespace(), other.name(), other.host(), domain));
                }
                displaced.put(other.ref(), other);
            }
        }
        return Optional.empty();
    }

    private boolean sharesOwnership(Route a, Route b) {
        return ownershipCheckDisabled || a.namespace().equals(b.namespace());
    }

    private static Optional<Blocked> blocked(Route owner, String message) {
        return Optional.of(new Blocked(message, owner.namespace()));
    }

    private void displace(Route displaced, Route winner) {
        release(displaced.ref());
        String message;
        if (!winner.namespace().equals(displaced.namespace())) {
            message = "a route in another namespace holds host " + displaced.host();
        } else if (winner.isWildcard()) {
            // OpenShift's wording here has no comma, unlike the blocked-wildcard message.
            message = "wildcard route %s/%s has host *.%s blocking %s".formatted(winner.namespace(),
                    winner.name(), DomainList.domainOf(displaced.host()), displaced.host());
        } else {
            message = "route %s/%s has host %s, blocking %s".formatted(winner.namespace(), winner.name(),
                    winner.host(), displaced.host());
        }
        status.reject(displaced, Condition.HOST_ALREADY_CLAIMED, message);
        next.deleted(displaced);
    }

    private void claim(Route route) {
        String domain = DomainList.domainOf(route.host());
        if (route.isWildcard()) {
            claimedWildcards.insert(domain, route);
        } else {
            claimedHosts.insert(route.host(), route);
            blockedWildcards.insert(domain, route);
        }
        claimants.put(route.ref(), route);
    }

    private void release(ObjectRef ref) {
        Route previous = claimants.remove(ref);
        if (previous != null) {
            String domain = DomainList.domainOf(previous.host());
            claimedHosts.remove(previous.host(), ref);
            claimedWildcards.remove(domain, ref);
            blockedWildcards.remove(domain, ref);
        }
    }
}
