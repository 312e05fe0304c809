package io.signalbox.router.model;

/**
 * One spec.httpHeaders action, as written in the Route.
 *
 * @param name  the header name
 * @param type  "Set" or "Delete" (anything else is reported when rendered)
 * @param value the value for Set, or null
 */
public record HeaderAction(String name, String type, String value) {
}
