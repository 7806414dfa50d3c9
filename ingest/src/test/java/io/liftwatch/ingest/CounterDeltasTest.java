package io.liftwatch.ingest;

import io.liftwatch.common.registry.Registry;
import io.liftwatch.common.wire.CounterReport;
import io.liftwatch.common.wire.Envelope;
import io.liftwatch.common.wire.MessageKind;
import io.liftwatch.simulator.FleetPlan;
import io.liftwatch.testing.IntegrationTest;
import io.liftwatch.testing.LiveServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.StringJoiner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Counter samples written straight through {@link TelemetryWriter}: whatever the batching, arrival order
 * and duplicates, each sample's delta is its increase over the previous sample in device order.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CounterDeltasTest {
    private static final long T0 = 1_760_000_000_000L;
    private final Registry registry = FleetPlan.generate(12, 3);
    private LiveServices services;
    private TelemetryWriter writer;

    @BeforeAll
    void start() throws SQLException {
        services = LiveServices.start(registry);
        writer = new TelemetryWriter(services.pool);
    }

    @AfterAll
    void stop() {
        services.close();
    }

    private static Inbound sample(String lift, long boot, long seq, long runs) {
        CounterReport report = new CounterReport(new Envelope(lift, boot, seq, T0 + boot * 1_000_000 + seq * 1000),
                runs, runs * 10, runs * 2, runs * 3, BigDecimal.valueOf(runs * 5, 1));
        return Inbound.accepted("t", new byte[0], T0, report, () -> { });
    }

    private String deltas(String lift) throws SQLException {
        return services.text("SELECT string_agg(seq || ':' || d_runs || (CASE WHEN reset THEN '!' ELSE '' END), ' '"
                + " ORDER BY boot, seq) FROM counter_sample WHERE lift_id = '" + lift + "'");
    }

    @Test
    void lateSamplesInsideABatchAndBeforeStoredOnesTakeTheirPlace() throws SQLException {
        String lift = registry.lifts().get(0).id();
        writer.write(List.of(sample(lift, 1, 1, 100), sample(lift, 1, 4, 130)));

        // 2 and 3 arrive after 4 was stored, 5 is a reset (the controller's counters restarted), 3 twice.
        WriteResult result = writer.write(List.of(sample(lift, 1, 3, 120), sample(lift, 1, 2, 104),
                sample(lift, 1, 6, 140), sample(lift, 1, 3, 120), sample(lift, 1, 5, 2)));

        assertThat(deltas(lift)).isEqualTo("1:0 2:4 3:16 4:10 5:0! 6:138");
        assertThat(result.written()).containsEntry(MessageKind.COUNTERS, 4);
        assertThat(result.duplicates()).isEqualTo(1);
        assertThat(result.counterResets()).isEqualTo(1);
    }

    @Test
    void anyBatchingAndOrderGivesTheDeltasOfDeviceOrder() throws SQLException {
        Random random = new Random(11);
        for (int l = 1; l < registry.lifts().size(); l++) {
            String lift = registry.lifts().get(l).id();
            // Two boots of rising counters, each with a drop somewhere, then shuffled, duplicated and batched.
            List<Inbound> samples = new ArrayList<>();
            StringJoiner expected = new StringJoiner(" ");
            long previous = -1;
            for (long boot = 1; boot <= 2; boot++) {
                long runs = random.nextInt(50);
                for (long seq = 0; seq < 15; seq++) {
                    runs = random.nextInt(12) == 0 ? random.nextInt(5) : runs + random.nextInt(4);
                    samples.add(sample(lift, boot, seq, runs));
                    boolean reset = previous >= 0 && runs < previous;
                    expected.add(seq + ":" + (previous < 0 || reset ? 0 : runs - previous) + (reset ? "!" : ""));
                    previous = runs;
                }
            }
            for (int d = 0; d < 5; d++) {
                samples.add(samples.get(random.nextInt(samples.size())));
            }
            Collections.shuffle(samples, random);
            for (int from = 0; from < samples.size(); ) {
                int to = Math.min(samples.size(), from + 1 + random.nextInt(8));
                writer.write(samples.subList(from, to));
                from = to;
            }
            assertThat(deltas(lift)).as("lift %s", lift).isEqualTo(expected.toString());
        }
    }
}
