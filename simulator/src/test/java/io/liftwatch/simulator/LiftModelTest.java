package io.liftwatch.simulator;

import io.liftwatch.common.registry.Registry;
import io.liftwatch.common.taxonomy.EventType;
import io.liftwatch.common.wire.CounterReport;
import io.liftwatch.common.wire.EventReport;
import io.liftwatch.common.wire.LiftMessage;
import io.liftwatch.common.wire.RunReport;
import io.liftwatch.common.wire.WireDecoder;
import io.liftwatch.common.wire.WireEncoder;
import io.liftwatch.common.wire.Topics;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LiftModelTest {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final long START = LocalDate.of(2025, 3, 1).atStartOfDay(ZONE).toInstant().toEpochMilli();

    private final Registry fleet = FleetPlan.generate(20, 3);
    private final Map<String, Map<String, List<List<String>>>> cards = Simulator.cardsByStairwellAndFloor(fleet);

    private List<LiftMessage> simulate(int lift, int days, Behaviour behaviour) {
        var model = new LiftModel(fleet.lifts().get(lift), cards.get(fleet.lifts().get(lift).stairwellId()), behaviour,
                lift, START);
        List<LiftMessage> out = new ArrayList<>();
        for (int hour = 1; hour <= days * 24; hour++) {
            out.addAll(model.advance(START + hour * 3_600_000L));
        }
        return out;
    }

    @Test
    void aMonthLooksLikeARetrofitLift() {
        List<LiftMessage> month = simulate(0, 30, Behaviours.withIncidentRates(Behaviour.realistic(), 0, 0, 0));
        List<RunReport> runs = month.stream().filter(RunReport.class::isInstance).map(RunReport.class::cast).toList();
        List<CounterReport> counters = month.stream().filter(CounterReport.class::isInstance)
                .map(CounterReport.class::cast).toList();
        CounterReport first = counters.get(0);
        CounterReport last = counters.get(counters.size() - 1);
        double doorCyclesPerRun = (double) (last.doorCycles() - first.doorCycles()) / (last.runs() - first.runs());

        assertThat(runs.size() / 30.0).as("runs a day").isBetween(70.0, 250.0);
        assertThat(doorCyclesPerRun).as("door cycles per run").isBetween(1.0, 1.5);
        assertThat(runs).anyMatch(r -> !r.cards().isEmpty()).anyMatch(r -> r.cards().isEmpty());
        assertThat(runs).filteredOn(r -> r.toFloor().equals("1")).allMatch(r -> r.cards().isEmpty());
        assertThat(month.stream().filter(EventReport.class::isInstance).map(EventReport.class::cast)
                .filter(e -> e.type() == EventType.INSPECTION_MODE).count()).as("maintenance visits").isBetween(1L, 3L);
    }

    @Test
    void tripsPeakInTheMorningAndEvening() {
        int[] byHour = new int[24];
        for (int lift = 0; lift < 10; lift++) {
            simulate(lift, 7, Behaviour.realistic()).stream().filter(RunReport.class::isInstance)
                    .forEach(m -> byHour[Instant.ofEpochMilli(((RunReport) m).endedAt()).atZone(ZONE).getHour()]++);
        }
        int night = byHour[2] + byHour[3] + byHour[4];
        int morning = byHour[7] + byHour[8] + byHour[9];
        int evening = byHour[17] + byHour[18] + byHour[19];
        assertThat(morning).isGreaterThan(5 * Math.max(night, 1));
        assertThat(evening).isGreaterThan(5 * Math.max(night, 1));
    }

    @Test
    void messagesAreValidOrderedAndDeterministic() {
        List<LiftMessage> week = simulate(1, 7, Behaviour.busy());
        WireDecoder decoder = new WireDecoder(4096);

        assertThat(week).isEqualTo(simulate(1, 7, Behaviour.busy()));
        assertThat(week).allSatisfy(m -> assertThat(decoder.decode(Topics.of(m.liftId(), m.kind()), WireEncoder.encode(m)))
                .isEqualTo(m));
        assertThat(week).isSortedAccordingTo(Comparator.comparingLong((LiftMessage m) -> m.envelope().boot())
                .thenComparingLong(m -> m.envelope().seq()));
        assertThat(week.stream().map(m -> m.envelope().boot()).distinct().count()).as("reboots in a busy week")
                .isGreaterThan(1);
    }

    @Test
    void countersOnlyGrowExceptAcrossAReset() {
        List<CounterReport> counters = simulate(2, 30, Behaviours.withIncidentRates(Behaviour.realistic(), 0, 0, 0.2)).stream()
                .filter(CounterReport.class::isInstance).map(CounterReport.class::cast).toList();
        for (int i = 1; i < counters.size(); i++) {
            CounterReport previous = counters.get(i - 1);
            CounterReport current = counters.get(i);
            if (current.runs() < previous.runs()) {
                assertThat(current.envelope().boot()).as("a drop only comes with a reboot").isGreaterThan(previous.envelope().boot());
            } else {
                assertThat(current.doorCycles()).isGreaterThanOrEqualTo(previous.doorCycles());
                assertThat(current.energyKwh()).isGreaterThanOrEqualTo(previous.energyKwh());
            }
        }
    }
}
