package io.signalbox.router.render;

import java.util.List;

/**
 * OpenShift's per-server weight arithmetic (router.go calculateServiceWeights, SPEC §4.5). Only services with at least
 * one usable endpoint count. When exactly one of those has a weight above zero every server gets 1; otherwise each
 * service's weight is spread over its endpoints and scaled so the largest server weight is 256.
 */
final class ServiceWeights {
    static final int MAX_WEIGHT = 256;

    private ServiceWeights() {
    }

    /** A service's configured weight and how many usable endpoints it has. */
    record Input(int weight, int endpointCount) {
    }

    /** The weight of each server of each input service, in input order. */
    static int[] perServer(List<Input> services) {
        int[] result = new int[services.size()];
        long weightedWithEndpoints = services.stream().filter(s -> s.endpointCount() > 0 && s.weight() > 0).count();
        if (weightedWithEndpoints == 1) {
            for (int i = 0; i < result.length; i++) {
                result[i] = services.get(i).weight() > 0 && services.get(i).endpointCount() > 0 ? 1 : 0;
            }
            return result;
        }
        double max = 0;
        for (Input s : services) {
            if (s.endpointCount() > 0) {
                max = Math.max(max, (double) s.weight() / s.endpointCount());
            }
        }
        for (int i = 0; i < result.length; i++) {
            Input s = services.get(i);
            if (s.endpointCount() == 0 || s.weight() == 0 || max == 0) {
                continue;
            }
            int scaled = (int) ((double) s.weight() / s.endpointCount() * MAX_WEIGHT / max);
            result[i] = Math.max(1, scaled);
        }
        return result;
    }

    /** The router clamps weights to 0..256; an absent weight is what the API server would default it to. */
    static int clamp(Integer weight) {
        if (weight == null) {
            return 100;
        }
        return Math.max(0, Math.min(MAX_WEIGHT, weight));
    }
}
