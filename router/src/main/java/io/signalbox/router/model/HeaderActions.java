package io.signalbox.router.model;

import java.util.List;

/** spec.httpHeaders.actions of a Route: request and response header actions, in order. */
public record HeaderActions(List<HeaderAction> request, List<HeaderAction> response) {
    public static final HeaderActions NONE = new HeaderActions(List.of(), List.of());

    public HeaderActions {
        request = List.copyOf(request);
        response = List.copyOf(response);
    }
}
