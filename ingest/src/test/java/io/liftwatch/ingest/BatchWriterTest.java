package io.liftwatch.ingest;

import io.liftwatch.common.registry.Registry;
import io.liftwatch.common.registry.RegistryStore;
import io.liftwatch.common.taxonomy.ServiceMode;
import io.liftwatch.common.wire.Envelope;
import io.liftwatch.common.wire.StatusReport;
import io.liftwatch.simulator.FleetPlan;
import io.liftwatch.testing.IntegrationTest;
import io.liftwatch.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A batch the database refuses for its data is written message by message, and only the culprit becomes a dead
 * letter, also when a passing failure (here a serialization failure) interrupts that on the culprit itself.
 */
@IntegrationTest
class BatchWriterTest {
    private static final long T0 = 1_760_000_000_000L;

    @Test
    void aCulpritWhoseOwnWriteFailsOnceForAPassingReasonStillBecomesADeadLetterAndTheRestIsWritten() throws Exception {
        Registry fleet = FleetPlan.generate(2, 11);
        String culprit = fleet.lifts().get(0).id();
        String other = fleet.lifts().get(1).id();
        try (TestDatabase database = TestDatabase.migrated("batch-writer-test")) {
            new RegistryStore(database.pool).upsert(fleet);
            // The culprit's status is refused for its data every time but the second, which fails for a passing
            // reason: the batch, then the culprit alone (passing), then alone again (refused), then checked.
            database.execute(
                    "CREATE SEQUENCE planned_failure",
                    """
                    CREATE FUNCTION planned_failure() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        IF nextval('planned_failure') = 2 THEN
                            RAISE EXCEPTION 'passing' USING ERRCODE = 'serialization_failure';
                        END IF;
                        RAISE EXCEPTION 'refused' USING ERRCODE = 'check_violation';
                    END $$""",
                    "CREATE TRIGGER planned_failure BEFORE INSERT ON status_sample FOR EACH ROW"
                            + " WHEN (NEW.floor = 'refused') EXECUTE FUNCTION planned_failure()");
            AtomicInteger acknowledged = new AtomicInteger();
            BatchWriter writer = new BatchWriter(new TelemetryWriter(database.pool),
                    new IngestMetrics(new SimpleMeterRegistry(), Duration.ofMinutes(5)), 2, Duration.ofSeconds(5), 1,
                    System::currentTimeMillis);
            writer.start();
            try {
                writer.offer(status(culprit, "refused", acknowledged));
                writer.offer(status(other, "3", acknowledged));

                await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.get() == 2);
            } finally {
                writer.stop(Duration.ofSeconds(5));
            }
            assertThat(database.text("SELECT lift_id || ' ' || reason FROM dead_letter"))
                    .isEqualTo(culprit + " storage_refused");
            assertThat(database.count("SELECT count(*) FROM dead_letter")).isEqualTo(1);
            assertThat(database.text("SELECT string_agg(lift_id || ' ' || floor, ',') FROM status_sample"))
                    .isEqualTo(other + " 3");
            assertThat(database.count("SELECT last_value FROM planned_failure")).isEqualTo(4);
        }
    }

    private static Inbound status(String lift, String floor, AtomicInteger acknowledged) {
        StatusReport report = new StatusReport(new Envelope(lift, 1, 1, T0), ServiceMode.NORMAL, false, "none", floor,
                true, true, false, "mains", false, false, 0, 0.0);
        return Inbound.accepted("lift/" + lift + "/status", new byte[0], T0, report, acknowledged::incrementAndGet);
    }
}
