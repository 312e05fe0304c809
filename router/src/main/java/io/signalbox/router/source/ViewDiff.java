package io.signalbox.router.source;

import io.signalbox.router.model.RouteAge;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The events that turn one view into the next. Only what changed is sent. Order within a batch follows
 * OpenShift's start-up replay: namespaces, services and endpoints before routes, and routes oldest first so that
 * host claims go to the oldest route; within each kind deletions come first, freeing hosts for the upserts.
 */
final class ViewDiff {
    private ViewDiff() {
    }

    static List<SourceEvent> between(ManifestView before, ManifestView after) {
        List<SourceEvent> events = new ArrayList<>();
        diff(before.namespaces(), after.namespaces(), SourceEvent.NamespaceUpserted::new,
                SourceEvent.NamespaceDeleted::new, Comparator.comparing(ns -> ns.name()), events);
        diff(before.services(), after.services(), SourceEvent.ServiceUpserted::new,
                SourceEvent.ServiceDeleted::new, Comparator.comparing(svc -> svc.ref()), events);
        diff(before.endpoints(), after.endpoints(), SourceEvent.EndpointsUpserted::new,
                SourceEvent.EndpointsDeleted::new, Comparator.comparing(eps -> eps.service()), events);
        diff(before.routes(), after.routes(), SourceEvent.RouteUpserted::new,
                SourceEvent.RouteDeleted::new, RouteAge.OLDEST_FIRST, events);
        return events;
    }

    private static <K, V> void diff(Map<K, V> before, Map<K, V> after, Function<V, SourceEvent> upserted,
                                    Function<K, SourceEvent> deleted, Comparator<V> upsertOrder,
                                    List<SourceEvent> events) {
        before.keySet().stream()
                .filter(key -> !after.containsKey(key))
                .map(deleted)
                .forEach(events::add);
        after.entrySet().stream()
                .filter(entry -> !Objects.equals(before.get(entry.getKey()), entry.getValue()))
                .map(Map.Entry::getValue)
                .sorted(upsertOrder)
                .map(upserted)
                .forEach(events::add);
    }
}
