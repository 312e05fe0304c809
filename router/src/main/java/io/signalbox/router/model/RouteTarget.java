package io.signalbox.router.model;

/**
 * spec.to or one of spec.alternateBackends.
 *
 * @param weight the weight as written, or null when the field is absent (OpenShift's router then uses 1)
 */
public record RouteTarget(String kind, String name, Integer weight) {
}
