package io.signalbox.router.status;

import io.signalbox.router.model.ObjectRef;
import java.util.Map;

/**
 * Where route status goes: files in manifests mode, the Route's status subresource with a cluster. Blocking; the
 * router loop calls it on a worker thread, in order.
 */
public interface StatusSink {
    /** Writes this router's ingress entry of a route. */
    void write(ObjectRef route, IngressStatus status);

    /** The route is gone (manifests mode removes its file; with a cluster the API object is already gone). */
    void delete(ObjectRef route);

    /** This router's entries as they stand now, so that lastTransitionTime survives a restart. */
    Map<ObjectRef, IngressStatus> loadAll();

    /** Writes again what could not be written before (a full disk that has room again); most sinks retry on their own. */
    default void retryUnwritten() {
    }
}
