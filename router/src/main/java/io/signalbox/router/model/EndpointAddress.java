package io.signalbox.router.model;

/**
 * One ready endpoint address.
 *
 * @param podName targetRef.name when targetRef.kind is Pod, else null
 */
public record EndpointAddress(String ip, String podName) {
}
