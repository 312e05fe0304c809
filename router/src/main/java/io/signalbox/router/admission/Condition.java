package io.signalbox.router.admission;

/** The Admitted condition the router writes for a route. reason/message "" when admitted. */
public record Condition(boolean admitted, String reason, String message) {
    public static final String ROUTE_NOT_ADMITTED = "RouteNotAdmitted";
    public static final String HOST_ALREADY_CLAIMED = "HostAlreadyClaimed";
    public static final String NO_HOST_VALUE = "NoHostValue";
    public static final String INVALID_HOST = "InvalidHost";
    /** Signalbox-only: the spec checks an API server would have made (manifests mode). */
    public static final String INVALID_ROUTE = "InvalidRoute";

    private static final Condition ADMITTED = new Condition(true, "", "");

    public static Condition admittedTrue() {
        return ADMITTED;
    }

    public static Condition rejected(String reason, String message) {
        return new Condition(false, reason, message);
    }
}
