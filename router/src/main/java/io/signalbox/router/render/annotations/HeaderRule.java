package io.signalbox.router.render.annotations;

/**
 * One header action ready to print: {@code http-request|http-response <action> <name> [<value>]}.
 *
 * @param action "set-header" or "del-header"
 * @param name   the header name, single-quoted
 * @param value  the value, single-quoted, or null for del-header
 */
public record HeaderRule(String action, String name, String value) {
}
