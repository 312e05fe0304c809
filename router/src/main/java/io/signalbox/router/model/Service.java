package io.signalbox.router.model;

import java.util.List;
import java.util.Map;

/** A v1 Service as the router uses it. */
public record Service(ObjectRef ref, String clusterIP, List<ServicePort> ports, Map<String, String> annotations) {
    public Service {
        ports = List.copyOf(ports);
        annotations = Map.copyOf(annotations);
    }
}
