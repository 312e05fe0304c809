package io.signalbox.router.source;

import io.signalbox.router.model.EndpointSubset;
import io.signalbox.router.model.ObjectRef;

/**
 * One EndpointSlice reduced to what aggregation needs: the service it belongs to and its ready endpoints as one
 * subset (empty when its address type is not IPv4/IPv6).
 */
public record ServiceSlice(ObjectRef slice, ObjectRef service, EndpointSubset subset) {
}
