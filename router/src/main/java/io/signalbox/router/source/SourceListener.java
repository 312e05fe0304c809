package io.signalbox.router.source;

import java.util.List;

/** Receives batches of events from a source. Called from the source's own thread; the receiver hops to its loop. */
@FunctionalInterface
public interface SourceListener {
    void onEvents(List<SourceEvent> batch);
}
