package io.signalbox.ipfailover;

/** What this node is for one VRRP instance, as keepalived last reported it. */
public enum VrrpRole {
    /** keepalived has not reported yet, or died without reporting. */
    UNKNOWN,
    BACKUP,
    MASTER,
    FAULT,
    /** keepalived stopped the instance (graceful stop). */
    STOPPED;

    /** keepalived's word for the state in notify lines. */
    static VrrpRole fromNotify(String word) {
        return switch (word) {
            case "MASTER" -> MASTER;
            case "BACKUP" -> BACKUP;
            case "FAULT" -> FAULT;
            case "STOP" -> STOPPED;
            default -> UNKNOWN;
        };
    }
}
