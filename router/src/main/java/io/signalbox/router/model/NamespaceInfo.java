package io.signalbox.router.model;

import java.util.Map;

/** A v1 Namespace: only its name and labels matter (NAMESPACE_LABELS). */
public record NamespaceInfo(String name, Map<String, String> labels) {
    public NamespaceInfo {
        labels = Map.copyOf(labels);
    }
}
