package io.signalbox.router.status;

import io.signalbox.router.model.ObjectRef;
import java.util.Map;

/**
 * ROUTER_UPDATE_STATUS=false with a cluster: route status is not written anywhere. The router loop already logs
 * every admission and rejection once, which is all OpenShift's LogRejections does.
 */
public final class LoggedOnlyStatus implements StatusSink {
    @Override
    public void write(ObjectRef route, IngressStatus status) {
        // logged by the router loop
    }

    @Override
    public void delete(ObjectRef route) {
        // nothing was written
    }

    @Override
    public Map<ObjectRef, IngressStatus> loadAll() {
        return Map.of();
    }
}
