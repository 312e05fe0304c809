package io.signalbox.ipfailover;

import java.time.Instant;

/**
 * One VIP as seen from this node.
 *
 * @param instance the VRRP instance that carries it
 * @param since    when this node entered {@code role}
 */
public record VipState(String vip, String instance, VrrpRole role, Instant since) {
}
