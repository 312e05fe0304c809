package io.signalbox.router.model;

/** A port of an endpoint subset; name may be "" (unnamed), appProtocol may be null. */
public record EndpointPort(String name, int port, String protocol, String appProtocol) {
    public EndpointPort {
        name = name == null ? "" : name;
        protocol = protocol == null ? "TCP" : protocol;
    }
}
