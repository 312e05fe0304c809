package io.signalbox.router.admission;

import io.signalbox.router.model.Route;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A chain step that checks a route's fields: a route with errors is rejected alone, with the reason given and
 * the errors in Kubernetes' field-error form, and passed on as Deleted; any other event passes through.
 */
final class FieldCheckStep implements RoutePlugin {
    private final String reason;
    private final Function<Route, List<FieldError>> check;
    private final StatusRecorder status;
    private final RoutePlugin next;

    FieldCheckStep(String reason, Function<Route, List<FieldError>> check, StatusRecorder status, RoutePlugin next) {
        this.reason = reason;
        this.check = check;
        this.status = status;
        this.next = next;
    }

    @Override
    public void upserted(Route route) {
        List<FieldError> errors = check.apply(route);
        if (errors.isEmpty()) {
            next.upserted(route);
            return;
        }
        status.reject(route, reason, FieldError.aggregate(errors));
        next.deleted(route);
    }

    @Override
    public void deleted(Route route) {
        next.deleted(route);
    }

    @Override
    public void namespacesFiltered(Predicate<String> allowed) {
        next.namespacesFiltered(allowed);
    }
}
