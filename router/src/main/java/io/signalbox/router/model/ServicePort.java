package io.signalbox.router.model;

/** A Service port; targetPort in string form ("" when absent). */
public record ServicePort(String name, int port, String targetPort, String protocol) {
}
