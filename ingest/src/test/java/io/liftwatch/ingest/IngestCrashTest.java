package io.liftwatch.ingest;

import io.liftwatch.common.config.DbConfig;
import io.liftwatch.harness.ServiceProcess;
import io.liftwatch.common.registry.Registry;
import io.liftwatch.simulator.Flood;
import io.liftwatch.simulator.FleetPlan;
import io.liftwatch.simulator.FleetPublisher;
import io.liftwatch.simulator.Ledger;
import io.liftwatch.testing.IntegrationTest;
import io.liftwatch.testing.LiveServices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Loss-freedom under failure, through the real broker (project configuration) and database: while a
 * load streams in, ingest is killed with SIGKILL, the database drops its connections, or the broker is
 * restarted. Afterwards the database holds every message the broker acknowledged to the publisher,
 * each exactly once.
 */
@IntegrationTest
class IngestCrashTest {
    private static final int MESSAGES = 20_000;
    private final Registry fleet = FleetPlan.generate(100, 9);
    private LiveServices services;
    private Path log;

    @BeforeEach
    void start() throws Exception {
        services = LiveServices.start(fleet);
        log = Files.createTempFile("ingest", ".log");
    }

    @AfterEach
    void stop() {
        services.close();
    }

    private Map<String, String> env(int opsPort) {
        DbConfig db = services.db;
        return Map.of("LIFTWATCH_DB_URL", db.url(), "LIFTWATCH_DB_USER", db.user(),
                "LIFTWATCH_DB_PASSWORD", db.password(), "LIFTWATCH_MQTT_URI", services.broker.uri(),
                "LIFTWATCH_INGEST_CLIENT_ID", "crash-ingest", "LIFTWATCH_INGEST_OPS_PORT", String.valueOf(opsPort),
                "LIFTWATCH_INGEST_BATCH_SIZE", "500", "LIFTWATCH_INGEST_RECEIVE_MAXIMUM", "1000");
    }

    private ServiceProcess startIngest() throws Exception {
        int opsPort = ServiceProcess.freePort();
        return ServiceProcess.start(IngestMain.class, opsPort, env(opsPort), List.of("-Xmx256m"), log);
    }

    /** Publishes the load on another thread; completes with the ledger once all is acknowledged or failed. */
    private CompletableFuture<Ledger> publishLoad() {
        return CompletableFuture.supplyAsync(() -> {
            Ledger ledger = new Ledger();
            try (FleetPublisher publisher = new FleetPublisher(services.mqtt(), "crash-pub",
                    500, ledger)) {
                publisher.connectShared(2);
                Flood flood = new Flood(fleet.lifts(), 1, System::currentTimeMillis);
                for (int i = 0; i < MESSAGES; i++) {
                    publisher.publish(flood.next());
                }
                assertThat(publisher.drain(60_000)).isTrue();
                return ledger;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void ingestKilledThreeTimesLosesNothingAcknowledged() throws Exception {
        ServiceProcess ingest = startIngest();
        CompletableFuture<Ledger> load = publishLoad();
        for (int kill = 1; kill <= 3; kill++) {
            long target = MESSAGES * kill / 5L;
            await().atMost(Duration.ofSeconds(60)).until(() -> storedRows() >= target);
            ingest.kill();
            ingest = startIngest();
        }
        assertEverythingAcknowledgedIsStoredOnce(load.get(120, TimeUnit.SECONDS));
        ingest.close();
    }

    @Test
    void databaseDroppingConnectionsLosesNothingAcknowledged() throws Exception {
        try (ServiceProcess ignored = startIngest()) {
            CompletableFuture<Ledger> load = publishLoad();
            for (int outage = 1; outage <= 3; outage++) {
                long target = MESSAGES * outage / 5L;
                await().atMost(Duration.ofSeconds(60)).until(() -> storedRows() >= target);
                terminateIngestConnections();
            }
            assertEverythingAcknowledgedIsStoredOnce(load.get(120, TimeUnit.SECONDS));
        }
    }

    @Test
    void brokerRestartLosesNothingAcknowledged() throws Exception {
        try (ServiceProcess ignored = startIngest()) {
            CompletableFuture<Ledger> load = publishLoad();
            await().atMost(Duration.ofSeconds(60)).until(() -> storedRows() >= MESSAGES / 3);
            services.broker.restart();
            assertEverythingAcknowledgedIsStoredOnce(load.get(180, TimeUnit.SECONDS));
        }
    }

    private void assertEverythingAcknowledgedIsStoredOnce(Ledger ledger) throws Exception {
        Set<Ledger.Key> acknowledged = ledger.acknowledgedMessages().stream()
                .map(Ledger.Key::of)
                .collect(Collectors.toSet());
        assertThat(acknowledged.size()).as("messages the broker acknowledged").isGreaterThan(MESSAGES / 2);
        Set<Ledger.Key> statuses = ledger.acknowledgedMessages().stream()
                .filter(io.liftwatch.common.wire.StatusReport.class::isInstance).map(Ledger.Key::of)
                .collect(Collectors.toSet());
        // A status taken as a repeat of the lift's latest adds no row: it is stored when the lift's latest status
        // key has moved to or past it, and counted in lift_state.status_repeats.
        await().atMost(Duration.ofSeconds(120)).until(() -> notStored(acknowledged, statuses).isEmpty());
        Set<Ledger.Key> stored = storedKeys();
        long repeated = acknowledged.stream().filter(k -> !stored.contains(k)).count();
        assertThat(repeated).as("statuses taken as repeats").isLessThanOrEqualTo(
                services.count("SELECT coalesce(sum(status_repeats), 0) FROM lift_state"));
        assertThat(storedRows()).as("rows, each message once").isEqualTo(stored.size());
        Set<Ledger.Key> published = ledger.publishedMessages().stream()
                .map(Ledger.Key::of)
                .collect(Collectors.toSet());
        assertThat(published).containsAll(stored);
    }

    /** Acknowledged messages neither stored as rows nor, for statuses, reached by the lift's latest status. */
    private Set<Ledger.Key> notStored(Set<Ledger.Key> acknowledged, Set<Ledger.Key> statuses) throws SQLException {
        Set<Ledger.Key> stored = storedKeys();
        java.util.Map<String, long[]> latest = new java.util.HashMap<>();
        try (Connection c = services.pool.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT lift_id, status_boot, status_seq FROM lift_state"
                     + " WHERE status_boot IS NOT NULL")) {
            while (r.next()) {
                latest.put(r.getString(1), new long[]{r.getLong(2), r.getLong(3)});
            }
        }
        Set<Ledger.Key> missing = new HashSet<>();
        for (Ledger.Key key : acknowledged) {
            long[] at = latest.get(key.liftId());
            boolean reached = statuses.contains(key) && at != null
                    && (at[0] > key.boot() || (at[0] == key.boot() && at[1] >= key.seq()));
            if (!stored.contains(key) && !reached) {
                missing.add(key);
            }
        }
        return missing;
    }

    private long storedRows() throws SQLException {
        return services.count("SELECT (SELECT count(*) FROM status_sample) + (SELECT count(*) FROM counter_sample)");
    }

    private Set<Ledger.Key> storedKeys() throws SQLException {
        Set<Ledger.Key> keys = new HashSet<>();
        try (Connection c = services.pool.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT lift_id, boot, seq FROM status_sample"
                     + " UNION ALL SELECT lift_id, boot, seq FROM counter_sample")) {
            while (r.next()) {
                keys.add(new Ledger.Key(r.getString(1), r.getLong(2), r.getLong(3)));
            }
        }
        return keys;
    }

    private void terminateIngestConnections() throws SQLException {
        services.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                + " WHERE datname = current_database() AND application_name = 'ingest'");
    }
}
