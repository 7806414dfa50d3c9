package io.liftwatch.simulator;

import io.liftwatch.common.registry.Lift;
import io.liftwatch.common.wire.CounterReport;
import io.liftwatch.common.wire.LiftMessage;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The load stream's mix of kinds, wherever a benchmark's phase starts in it. */
class FloodTest {
    private final List<Lift> lifts = FleetPlan.generate(7, 1).lifts();

    @Test
    void aCycleFromItsStartHoldsOneCounterReadingOfEachLiftAfterFourStatusReports() {
        Flood flood = new Flood(lifts, 1, () -> 0L);
        flood.next();
        flood.skipToCycleStart();
        assertThat(flood.produced()).isEqualTo(Flood.CYCLE_ROUNDS * lifts.size());

        Map<String, Integer> counters = new HashMap<>();
        for (int i = 0; i < Flood.CYCLE_ROUNDS * lifts.size(); i++) {
            LiftMessage message = flood.next();
            boolean lastRound = i >= (Flood.CYCLE_ROUNDS - 1) * lifts.size();
            assertThat(message instanceof CounterReport).as("message %d", i).isEqualTo(lastRound);
            if (lastRound) {
                counters.merge(message.liftId(), 1, Integer::sum);
            }
        }
        assertThat(counters).hasSize(lifts.size()).allSatisfy((lift, n) -> assertThat(n).isEqualTo(1));
    }

    @Test
    void skippingToACycleStartLeavesNoGapInALiftsSequenceAndStaysPutAtOne() {
        Flood flood = new Flood(lifts, 1, () -> 0L);
        for (int i = 0; i < 3 * lifts.size() + 2; i++) {
            flood.next();
        }
        flood.skipToCycleStart();
        long start = flood.produced();
        flood.skipToCycleStart();
        assertThat(flood.produced()).isEqualTo(start).isEqualTo(Flood.CYCLE_ROUNDS * lifts.size());

        // The first lift sent four messages (seq 0-3) before the skip: its next is seq 4.
        LiftMessage next = flood.next();
        assertThat(next.liftId()).isEqualTo(lifts.get(0).id());
        assertThat(next.envelope().seq()).isEqualTo(4);
    }
}
