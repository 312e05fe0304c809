package io.signalbox.router.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** OpenShift's TestCalculateServiceWeights cases. */
class ServiceWeightsTest {
    private static int[] weights(int... weightAndCount) {
        List<ServiceWeights.Input> inputs = new java.util.ArrayList<>();
        for (int i = 0; i < weightAndCount.length; i += 2) {
            inputs.add(new ServiceWeights.Input(weightAndCount[i], weightAndCount[i + 1]));
        }
        return ServiceWeights.perServer(inputs);
    }

    @Test
    void equalWeightsWithOneEndpointEachGiveFullWeight() {
        assertThat(weights(50, 1, 50, 1)).containsExactly(256, 256);
    }

    @Test
    void weightsAreScaledSoTheLargestIs256() {
        assertThat(weights(25, 1, 75, 1)).containsExactly(85, 256);
    }

    @Test
    void aServiceWeightIsSpreadOverItsEndpoints() {
        assertThat(weights(50, 2, 50, 1)).containsExactly(128, 256);
        assertThat(weights(20, 2, 60, 1)).containsExactly(42, 256);
    }

    @Test
    void oneWeightedServiceWithEndpointsGivesEveryServerWeightOne() {
        assertThat(weights(100, 3)).containsExactly(1);
        assertThat(weights(100, 2, 0, 2)).containsExactly(1, 0);
        assertThat(weights(100, 2, 50, 0)).containsExactly(1, 0);
    }

    @Test
    void allWeightsZeroGiveZero() {
        assertThat(weights(0, 1, 0, 1)).containsExactly(0, 0);
    }

    @Test
    void aTinyNonZeroShareIsRaisedToOne() {
        assertThat(weights(1, 1, 256, 1)).containsExactly(1, 256);
    }

    @Test
    void weightsAreClampedAndAnAbsentWeightIsTheApiDefault() {
        assertThat(ServiceWeights.clamp(null)).isEqualTo(100);
        assertThat(ServiceWeights.clamp(-3)).isZero();
        assertThat(ServiceWeights.clamp(1000)).isEqualTo(256);
    }
}
