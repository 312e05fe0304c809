package io.signalbox.router.model;

import java.util.List;

/** Ready addresses crossed with ports, as in a v1 Endpoints subset. Not-ready addresses are left out. */
public record EndpointSubset(List<EndpointAddress> addresses, List<EndpointPort> ports) {
    public EndpointSubset {
        addresses = List.copyOf(addresses);
        ports = List.copyOf(ports);
    }
}
