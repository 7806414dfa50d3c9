package io.liftwatch.launcher;

import io.liftwatch.harness.ServiceProcess;
import io.liftwatch.common.registry.Lift;
import io.liftwatch.common.registry.Registry;
import io.liftwatch.common.taxonomy.FaultType;
import io.liftwatch.common.wire.Envelope;
import io.liftwatch.common.wire.FaultReport;
import io.liftwatch.simulator.FleetPlan;
import io.liftwatch.simulator.FleetPublisher;
import io.liftwatch.simulator.Flood;
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
 * Ingest and alerts in one process on one shared session, killed with SIGKILL three times while a load with
 * repeated faults streams in. A message is acknowledged only when both have committed it, so afterwards
 * every message the broker acknowledged to the publisher is stored exactly once, and each faulty lift has
 * one alarm whose count is exactly the number of its faults: none lost to an acknowledgement that came too
 * early, none counted twice when redelivered.
 */
@IntegrationTest
class SharedSessionCrashTest {
    private static final int MESSAGES = 20_000;
    /** A fault on one of the faulty lifts after every this many load messages. */
    private static final int FAULT_EVERY = 100;
    private final Registry fleet = FleetPlan.generate(100, 11);
    private final List<Lift> faulty = fleet.lifts().subList(0, 4);
    private LiveServices services;
    private Path log;

    @BeforeEach
    void start() throws Exception {
        services = LiveServices.start(fleet);
        log = Files.createTempFile("ingest-alerts", ".log");
    }

    @AfterEach
    void stop() {
        services.close();
    }

    private ServiceProcess startNode() throws Exception {
        int ingestOps = ServiceProcess.freePort();
        int alertsOps = ServiceProcess.freePort();
        Map<String, String> env = Map.ofEntries(Map.entry("LIFTWATCH_DB_URL", services.db.url()),
                Map.entry("LIFTWATCH_DB_USER", services.db.user()),
                Map.entry("LIFTWATCH_DB_PASSWORD", services.db.password()),
                Map.entry("LIFTWATCH_MQTT_URI", services.broker.uri()),
                Map.entry("LIFTWATCH_SHARED_SESSION", "on"),
                Map.entry("LIFTWATCH_SHARED_SESSION_CLIENT_ID", "crash-node"),
                Map.entry("LIFTWATCH_SHARED_SESSION_RECEIVE_MAXIMUM", "1000"),
                Map.entry("LIFTWATCH_INGEST_BATCH_SIZE", "500"),
                Map.entry("LIFTWATCH_INGEST_OPS_PORT", String.valueOf(ingestOps)),
                Map.entry("LIFTWATCH_ALERTS_OPS_PORT", String.valueOf(alertsOps)));
        return ServiceProcess.start(LiftWatch.class, List.of("run", "--roles", "ingest,alerts"), alertsOps, env,
                List.of("-Xmx256m"), log);
    }

    /** The load on another thread, a fault among it every so often; completes with the ledger once all is answered. */
    private CompletableFuture<Ledger> publishLoad() {
        return CompletableFuture.supplyAsync(() -> {
            Ledger ledger = new Ledger();
            try (FleetPublisher publisher = new FleetPublisher(services.mqtt(), "crash-pub", 500, ledger)) {
                publisher.connectShared(2);
                Flood flood = new Flood(fleet.lifts(), 1, System::currentTimeMillis);
                for (int i = 0; i < MESSAGES; i++) {
                    publisher.publish(flood.next());
                    if (i % FAULT_EVERY == 0) {
                        int fault = i / FAULT_EVERY;
                        // Boot 2: the faults' keys never meet the load's, which is boot 1.
                        publisher.publish(new FaultReport(new Envelope(faulty.get(fault % faulty.size()).id(), 2,
                                fault, System.currentTimeMillis()), FaultType.DOOR_CLOSE_FAILURE, true, null, null));
                    }
                }
                assertThat(publisher.drain(60_000)).isTrue();
                return ledger;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void killedThreeTimesItStoresEveryMessageOnceAndCountsEveryFaultOnce() throws Exception {
        ServiceProcess node = startNode();
        CompletableFuture<Ledger> load = publishLoad();
        for (int kill = 1; kill <= 3; kill++) {
            long target = MESSAGES * kill / 5L;
            await().atMost(Duration.ofSeconds(60)).until(() -> storedRows() >= target);
            node.kill();
            node = startNode();
        }
        Ledger ledger = load.get(120, TimeUnit.SECONDS);
        try {
            Set<Ledger.Key> acknowledged = ledger.acknowledgedMessages().stream().map(Ledger.Key::of)
                    .collect(Collectors.toSet());
            assertThat(acknowledged.size()).as("messages the broker acknowledged").isGreaterThan(MESSAGES / 2);
            await().atMost(Duration.ofSeconds(120)).until(() -> storedKeys().containsAll(acknowledged));
            assertThat(storedRows()).as("rows, each message once").isEqualTo(storedKeys().size());

            for (Lift lift : faulty) {
                long faults = ledger.acknowledgedMessages().stream()
                        .filter(m -> m instanceof FaultReport && m.liftId().equals(lift.id())).count();
                assertThat(faults).isPositive();
                await().atMost(Duration.ofSeconds(30)).until(() -> services.count("SELECT coalesce(sum(count), 0)"
                        + " FROM alarm WHERE type = 'door_close_failure' AND lift_id = '" + lift.id() + "'") >= faults);
                assertThat(services.text("SELECT count(*) || ' alarm(s), count ' || sum(count) FROM alarm"
                        + " WHERE type = 'door_close_failure' AND lift_id = '" + lift.id() + "'"))
                        .as("the door alarm of " + lift.id()).isEqualTo("1 alarm(s), count " + faults);
                assertThat(services.count("SELECT count(*) FROM alarm_event WHERE kind IN ('raised', 'repeated')"
                        + " AND type = 'door_close_failure' AND lift_id = '" + lift.id() + "'")).isEqualTo(faults);
            }
        } finally {
            node.close();
        }
    }

    private long storedRows() throws SQLException {
        return services.count("SELECT (SELECT count(*) FROM status_sample) + (SELECT count(*) FROM counter_sample)"
                + " + (SELECT count(*) FROM fault)");
    }

    private Set<Ledger.Key> storedKeys() throws SQLException {
        Set<Ledger.Key> keys = new HashSet<>();
        try (Connection c = services.pool.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT lift_id, boot, seq FROM status_sample"
                     + " UNION ALL SELECT lift_id, boot, seq FROM counter_sample"
                     + " UNION ALL SELECT lift_id, boot, seq FROM fault")) {
            while (r.next()) {
                keys.add(new Ledger.Key(r.getString(1), r.getLong(2), r.getLong(3)));
            }
        }
        return keys;
    }
}
