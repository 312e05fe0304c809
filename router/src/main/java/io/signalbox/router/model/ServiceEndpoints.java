package io.signalbox.router.model;

import java.util.List;

/**
 * The endpoints of one service: a v1 Endpoints object, or the EndpointSlices labelled
 * kubernetes.io/service-name aggregated into one (OpenShift's converter, SPEC §0.1).
 */
public record ServiceEndpoints(ObjectRef service, List<EndpointSubset> subsets) {
    public ServiceEndpoints {
        subsets = List.copyOf(subsets);
    }

    public boolean isEmpty() {
        return subsets.stream().allMatch(s -> s.addresses().isEmpty() || s.ports().isEmpty());
    }
}
