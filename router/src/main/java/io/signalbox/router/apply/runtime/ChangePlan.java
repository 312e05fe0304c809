package io.signalbox.router.apply.runtime;

import java.util.List;

/** How to go from the running config to a new render: runtime API operations, or a reload. */
public sealed interface ChangePlan {
    /**
     * @param ops     in the order to send them
     * @param reason  "endpoints" when only servers change, "routes" when lookup maps change too
     * @param caFiles CA files that servers to add name and HAProxy may not hold yet: loaded into its CA store before
     *                the operations, since HAProxy 2.6 reads no file for {@code add server}
     */
    record RuntimePlan(List<RuntimeOp> ops, String reason, List<String> caFiles) implements ChangePlan {
        public RuntimePlan {
            ops = List.copyOf(ops);
            caFiles = List.copyOf(caFiles);
        }
    }

    /**
     * @param reason a short, fixed word for metrics (config-changed, certificates, backend-added, backend-changed)
     * @param detail what exactly, for the log
     */
    record NeedsReload(String reason, String detail) implements ChangePlan {
    }
}
