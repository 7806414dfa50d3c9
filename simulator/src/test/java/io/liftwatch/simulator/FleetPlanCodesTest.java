package io.liftwatch.simulator;

import io.liftwatch.common.registry.RegistrationCode;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulated fleet (and so the demo's) is registered under valid, distinct GB/T 24476-2023 codes. */
class FleetPlanCodesTest {

    @Test
    void everySimulatedLiftHasADistinctValidRegistrationCode() {
        Set<String> seen = new HashSet<>();
        for (int index = 0; index < 50_000; index++) {
            String code = FleetPlan.liftId(index);
            assertThat(RegistrationCode.problem(code)).as("lift %d: %s", index, code).isNull();
            assertThat(seen.add(code)).as("lift %d: %s repeated", index, code).isTrue();
        }
        assertThat(FleetPlan.liftId(0)).isEqualTo("31103201162023010001");
    }
}
