package io.signalbox.router.admission;

import io.signalbox.router.model.Route;

/** One status change: the effective route (host rewritten) and its new condition. */
public record AdmissionChange(Route route, Condition condition) {
}
