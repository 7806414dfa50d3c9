package io.liftwatch.ingest;

import io.liftwatch.common.registry.Lift;
import io.liftwatch.common.registry.Registry;
import io.liftwatch.common.taxonomy.EventType;
import io.liftwatch.common.taxonomy.FaultType;
import io.liftwatch.common.taxonomy.ServiceMode;
import io.liftwatch.common.wire.ConnectionReport;
import io.liftwatch.common.wire.CounterReport;
import io.liftwatch.common.wire.Envelope;
import io.liftwatch.common.wire.EventReport;
import io.liftwatch.common.wire.FaultReport;
import io.liftwatch.common.wire.RunReport;
import io.liftwatch.common.wire.StatusReport;
import io.liftwatch.simulator.BadMessages;
import io.liftwatch.simulator.FleetPlan;
import io.liftwatch.simulator.FleetPublisher;
import io.liftwatch.simulator.Ledger;
import io.liftwatch.testing.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestIntegrationTest {
    private static final long T0 = 1_760_000_000_000L;
    private final Registry registry = FleetPlan.generate(4, 7);
    private IngestFixture fixture;
    private FleetPublisher publisher;

    @BeforeAll
    void start() throws Exception {
        fixture = new IngestFixture(registry);
        fixture.startIngest();
        publisher = new FleetPublisher(fixture.mqtt(), "test-pub", 100, new Ledger());
        publisher.connectShared(1);
    }

    @AfterAll
    void stop() throws Exception {
        publisher.close();
        fixture.close();
    }

    private String lift(int index) {
        return registry.lifts().get(index).id();
    }

    private static StatusReport status(String lift, long seq, String floor, boolean moving) {
        return new StatusReport(new Envelope(lift, 1, seq, T0 + seq * 1000), ServiceMode.NORMAL, moving,
                moving ? "up" : "none", floor, !moving, true, false, "mains", false, false, 10, 0.5);
    }

    private static CounterReport counters(String lift, long boot, long seq, long runs, String kwh) {
        return new CounterReport(new Envelope(lift, boot, seq, T0 + seq * 1000), runs, runs * 10, runs * 13 / 10,
                runs * 3, new BigDecimal(kwh));
    }

    @Test
    void ingestLogsInAsItsOwnRoleNotTheSchemasOwner() throws Exception {
        assertThat(fixture.services.text("SELECT string_agg(DISTINCT usename, ',') FROM pg_stat_activity"
                + " WHERE datname = current_database() AND application_name = 'ingest'")).isEqualTo("lw_ingest");
    }

    @Test
    void storesEveryKindAndTheLatestState() throws Exception {
        String lift = lift(0);
        Envelope e = new Envelope(lift, 1, 100, T0);
        publisher.publish(new ConnectionReport(new Envelope(lift, 1, 99, T0), true, "2.4.1"));
        publisher.publish(new RunReport(new Envelope(lift, 1, 101, T0 + 20_000), T0, T0 + 20_000, "1", "5",
                List.of("C1-501-1", "C1-502-1")));
        publisher.publish(new FaultReport(new Envelope(lift, 1, 102, T0 + 30_000), FaultType.ENTRAPMENT, true, "5", null));
        publisher.publish(new EventReport(new Envelope(lift, 1, 103, T0 + 40_000), EventType.INSPECTION_MODE, null, null));
        publisher.publish(counters(lift, 1, 104, 500, "12.5"));
        publisher.publish(status(lift, 105, "5", false));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(fixture.count("SELECT count(*) FROM run WHERE lift_id = '" + lift + "'")).isEqualTo(1);
            assertThat(fixture.count("SELECT count(*) FROM status_sample WHERE lift_id = '" + lift + "'")).isEqualTo(1);
        });
        assertThat(fixture.text("SELECT concat_ws(':', mode, direction, power, floor) FROM status_history"
                + " WHERE lift_id = '" + lift + "'")).isEqualTo("normal:none:mains:5");
        assertThat(fixture.text("SELECT array_to_string(cards, ',') FROM run WHERE lift_id = '" + lift + "'"))
                .isEqualTo("C1-501-1,C1-502-1");
        assertThat(fixture.text("SELECT code || ':' || raised FROM fault WHERE lift_id = '" + lift + "'"))
                .isEqualTo("entrapment:true");
        assertThat(fixture.text("SELECT type || ':' || gbt_code FROM lift_event WHERE lift_id = '" + lift + "'"))
                .isEqualTo("inspection_mode:43");
        assertThat(fixture.text("SELECT energy_kwh FROM counter_sample WHERE lift_id = '" + lift + "'"))
                .isEqualTo("12.500");
        assertThat(fixture.text("SELECT floor || ':' || online || ':' || firmware FROM lift_state WHERE lift_id = '"
                + lift + "'")).isEqualTo("5:true:2.4.1");
        assertThat(e.liftId()).isEqualTo(lift);
    }

    @Test
    void redeliveriesAndLateMessagesChangeNothing() throws Exception {
        String lift = lift(1);
        publisher.publish(status(lift, 10, "6", false));
        publisher.publish(status(lift, 10, "6", false));
        publisher.publish(status(lift, 5, "2", true));
        publisher.publish(status(lift, 10, "6", false));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(fixture.count("SELECT count(*) FROM status_sample WHERE lift_id = '" + lift + "'")).isEqualTo(2));
        assertThat(fixture.text("SELECT floor || ':' || status_seq FROM lift_state WHERE lift_id = '" + lift + "'"))
                .isEqualTo("6:10");
    }

    @Test
    void countersBecomeDeltasInDeviceOrderWhateverTheArrivalOrder() throws Exception {
        String lift = lift(2);
        publisher.publish(counters(lift, 1, 1, 100, "10"));
        publisher.publish(counters(lift, 1, 3, 110, "11.5"));
        publisher.publish(counters(lift, 1, 3, 110, "11.5"));
        publisher.drain(10_000);
        await().atMost(Duration.ofSeconds(20)).until(() ->
                fixture.count("SELECT count(*) FROM counter_sample WHERE lift_id = '" + lift + "'") == 2);
        publisher.publish(counters(lift, 1, 2, 104, "10.4"));
        // The controller is replaced: counters restart from zero under a new boot.
        publisher.publish(counters(lift, 2, 0, 5, "0.2"));

        await().atMost(Duration.ofSeconds(20)).until(() ->
                fixture.count("SELECT count(*) FROM counter_sample WHERE lift_id = '" + lift + "'") == 4);
        assertThat(fixture.text("SELECT string_agg(d_runs || '/' || d_energy_kwh || '/' || reset, ' ' ORDER BY boot, seq)"
                + " FROM counter_sample WHERE lift_id = '" + lift + "'"))
                .isEqualTo("0/0.000/false 4/0.400/false 6/1.100/false 0/0.000/true");
        assertThat(fixture.count("SELECT sum(d_runs) FROM counter_sample WHERE lift_id = '" + lift + "'")).isEqualTo(10);
    }

    @Test
    void refusedMessagesAreKeptWithTheirReasonAndTheStreamGoesOn() throws Exception {
        String lift = lift(3);
        String unknown = "31103201162099129999";
        List<BadMessages.Bad> bad = BadMessages.all(lift, lift(0), unknown, T0, 4096);
        publisher.publish(status(lift, 1, "1", false));
        for (BadMessages.Bad message : bad) {
            publisher.publishRaw(message.topic(), message.payload(), false, null);
        }
        publisher.publish(status(lift, 2, "2", true));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(fixture.count("SELECT count(*) FROM status_sample WHERE lift_id = '" + lift + "'")).isEqualTo(2);
            assertThat(fixture.count("SELECT count(*) FROM dead_letter WHERE topic LIKE '%" + lift + "%'"
                    + " OR lift_id = '" + unknown + "'")).isEqualTo(bad.size());
        });
        for (BadMessages.Bad message : bad) {
            assertThat(fixture.count("SELECT count(*) FROM dead_letter WHERE reason = '" + message.expected().code()
                    + "' AND topic = '" + message.topic() + "' AND payload_size = " + message.payload().length))
                    .as(message.expected() + " on " + message.topic()).isEqualTo(1);
        }
        assertThat(fixture.text("SELECT detail FROM dead_letter WHERE reason = 'unknown_lift'"))
                .contains(unknown);
        assertThat(fixture.text("SELECT floor FROM lift_state WHERE lift_id = '" + lift + "'")).isEqualTo("2");
    }

    @Test
    void registersALiftAddedAfterStartUp() throws Exception {
        Lift template = registry.lifts().get(0);
        String newcomer = "31103201162024010001";
        new io.liftwatch.common.registry.RegistryStore(fixture.services.pool).upsert(new Registry(List.of(), List.of(),
                List.of(new Lift(newcomer, template.stairwellId(), null, null, null, template.floorLabels(), null,
                        null, null, null, null)), List.of(), List.of()));
        publisher.publish(status(newcomer, 1, "3", false));

        await().atMost(Duration.ofSeconds(20)).until(() ->
                fixture.count("SELECT count(*) FROM status_sample WHERE lift_id = '" + newcomer + "'") == 1);
    }
}
