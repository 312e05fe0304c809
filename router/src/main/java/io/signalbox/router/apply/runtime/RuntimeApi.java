package io.signalbox.router.apply.runtime;

/**
 * HAProxy's runtime API as a runtime apply uses it: the CA files a plan needs, then its operations.
 *
 * @param operations sends the plan's operations
 * @param caFiles    loads the CA files that servers to add name
 */
public record RuntimeApi(RuntimeApplier operations, CaFileLoader caFiles) {
}
