package io.liftwatch.alerts;

import io.liftwatch.simulator.FleetPlan;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartitionTest {

    @Test
    void everyLiftHasExactlyOneOwnerAndTheSharesAreEven() {
        var lifts = FleetPlan.generate(3000, 1).lifts();
        Partition[] three = {new Partition(0, 3), new Partition(1, 3), new Partition(2, 3)};
        int[] owned = new int[3];
        for (var lift : lifts) {
            int owners = 0;
            for (int i = 0; i < 3; i++) {
                if (three[i].owns(lift.id())) {
                    owners++;
                    owned[i]++;
                }
            }
            assertThat(owners).as(lift.id()).isEqualTo(1);
        }
        for (int n : owned) {
            assertThat(n).isBetween(800, 1200);
        }
    }

    @Test
    void aStatefulSetPodTakesItsOrdinal() {
        assertThat(Partition.parse("ordinal/2", "liftwatch-alerts-1")).isEqualTo(new Partition(1, 2));
        assertThat(Partition.parse(" 0/1 ", "")).isEqualTo(Partition.whole());
        assertThatThrownBy(() -> Partition.parse("2/2", "")).hasMessageContaining("0 <= index < count");
        assertThatThrownBy(() -> Partition.parse("ordinal/2", "laptop")).hasMessageContaining("host name");
    }
}
