package io.liftwatch.ingest;

import io.liftwatch.common.registry.Registry;
import io.liftwatch.common.taxonomy.ServiceMode;
import io.liftwatch.common.wire.Envelope;
import io.liftwatch.common.wire.StatusReport;
import io.liftwatch.simulator.FleetPlan;
import io.liftwatch.simulator.FleetPublisher;
import io.liftwatch.simulator.Ledger;
import io.liftwatch.testing.IntegrationTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Ingest runs the status packing job (V53) on its timer, as its own database login, beside what it writes. */
@IntegrationTest
class StatusPackIngestTest {
    private static final long DAY = 86_400_000L;

    @Test
    void ingestPacksTheClosedDaysOfTheStatusItStoredAndKeepsTheCurrentOne() throws Exception {
        Registry registry = FleetPlan.generate(1, 3);
        String lift = registry.lifts().get(0).id();
        long now = System.currentTimeMillis();
        try (IngestFixture fixture = new IngestFixture(registry)) {
            assumeTrue(fixture.count("SELECT count(*) FROM pg_extension WHERE extname = 'timescaledb'") == 0,
                    "status_sample is a TimescaleDB hypertable here, packed by its compression, not by this job");
            fixture.startIngest(fixture.config("ingest-pack-test",
                    new IngestConfig.StatusPacking(Duration.ofSeconds(1), Duration.ZERO, 100)));
            try (FleetPublisher publisher = new FleetPublisher(fixture.mqtt(), "pack-pub", 10, new Ledger())) {
                publisher.connectShared(1);
                publisher.publish(status(lift, 1, now - 3 * DAY, "3"));
                publisher.publish(status(lift, 2, now - 2 * DAY, "2"));
                publisher.publish(status(lift, 3, now, "1"));
                await().atMost(Duration.ofSeconds(30)).until(() -> fixture.count("SELECT count(*) FROM status_day"
                        + " WHERE lift_id = '" + lift + "'") == 2);
            }
            assertThat(fixture.text("SELECT string_agg(floor, ',' ORDER BY ts) FROM status_history WHERE lift_id = '"
                    + lift + "'")).isEqualTo("3,2,1");
            assertThat(fixture.text("SELECT string_agg(floor, ',') FROM status_sample WHERE lift_id = '" + lift + "'"))
                    .as("the current day stays raw").isEqualTo("1");
        }
    }

    private static StatusReport status(String lift, long seq, long time, String floor) {
        return new StatusReport(new Envelope(lift, 1, seq, time), ServiceMode.NORMAL, false, "none", floor, true, true,
                false, "mains", false, false, 0, 0.0);
    }
}
