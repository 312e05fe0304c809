package io.signalbox.router.source;

/**
 * Where routes, services and endpoints come from: a manifests folder or a Kubernetes API. A source delivers its
 * initial state as batches ending with {@link SourceEvent.Synced}, then changes as they happen.
 */
public interface RouteSource extends AutoCloseable {
    void start(SourceListener listener);

    @Override
    void close();
}
