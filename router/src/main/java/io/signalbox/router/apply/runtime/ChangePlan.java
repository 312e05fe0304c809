package io.signalbox.router.apply.runtime;

import java.util.List;

/** How to go from the running config to a new render: runtime API operations, or a reload. */
public sealed interface ChangePlan {
    /**
     * @param ops    in the order to send them
     * @param reason "endpoints" when only servers change, "routes" when lookup maps change too
     */
    record RuntimePlan(List<RuntimeOp> ops, String reason) implements ChangePlan {
        public RuntimePlan {
            ops = List.copyOf(ops);
        }
    }

    /**
     * @param reason a short, fixed word for metrics (config-changed, certificates, backend-added, backend-changed)
     * @param detail what exactly, for the log
     */
    record NeedsReload(String reason, String detail) implements ChangePlan {
    }
}
