package io.liftwatch.launcher;

import io.liftwatch.common.config.Env;
import io.liftwatch.common.registry.Card;
import io.liftwatch.common.registry.Lift;
import io.liftwatch.common.registry.Registry;
import io.liftwatch.common.wire.FaultReport;
import io.liftwatch.common.wire.LiftMessage;
import io.liftwatch.common.wire.RunReport;
import io.liftwatch.common.wire.StatusReport;
import io.liftwatch.simulator.BadMessages;
import io.liftwatch.simulator.Behaviour;
import io.liftwatch.simulator.Behaviours;
import io.liftwatch.simulator.FleetPlan;
import io.liftwatch.simulator.Simulator;
import io.liftwatch.simulator.SimulatorConfig;
import io.liftwatch.testing.IntegrationTest;
import io.liftwatch.testing.LiveServices;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole pipeline on the real broker and database: the simulator publishes a known fleet-day, ingest
 * stores it, and the API returns exactly the runs, rides per household, faults and latest states that
 * the broker acknowledged to the simulator.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipelineEndToEndTest {
    /** Messages published a second time, as a broker redelivers them. */
    private static final int DUPLICATES = 300;
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final LocalDate DAY = LocalDate.of(2025, 3, 10);
    private static final long DAY_START = DAY.atStartOfDay(ZONE).toInstant().toEpochMilli();

    private final Registry fleet = FleetPlan.generate(6, 5);
    private final HttpClient http = HttpClient.newHttpClient();
    private LiveServices live;
    private Services services;
    private Simulator simulator;
    private List<BadMessages.Bad> bad;

    @BeforeAll
    void runAFleetDay() throws Exception {
        live = LiveServices.start(fleet);
        Map<String, String> settings = new HashMap<>(Map.of("LIFTWATCH_DB_URL", live.db.url(),
                "LIFTWATCH_DB_USER", live.db.user(), "LIFTWATCH_MQTT_URI", live.broker.uri(), "LIFTWATCH_API_PORT", "0",
                "LIFTWATCH_API_ACCESS_CONTROL", "off", "LIFTWATCH_INGEST_OPS_PORT", "0", "LIFTWATCH_ALERTS_OPS_PORT", "0"));
        settings.putAll(sessionSettings());
        Env env = new Env(settings);
        services = new Services();
        services.start(Set.of("api", "ingest", "alerts"), env);

        Behaviour eventful = Behaviours.withIncidentRates(Behaviour.realistic(), 3, 0.5, 0);
        simulator = new Simulator(new SimulatorConfig(live.mqtt(), 6, 5, 1, 100, null,
                eventful), fleet);
        simulator.connect(DAY_START);
        simulator.advance(DAY_START + Duration.ofHours(24).toMillis() - 1);
        simulator.injectDuplicates(DUPLICATES);
        bad = simulator.injectBadMessages("31103201162099120001", 4096);
        assertThat(simulator.publisher().drain(30_000)).isTrue();

        long acknowledged = simulator.ledger().acknowledgedCount();
        await().atMost(Duration.ofSeconds(60)).until(() -> storedRows() >= acknowledged);
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM dead_letter") == bad.size());
    }

    /** How ingest and alerts hold their MQTT sessions: here each its own. */
    Map<String, String> sessionSettings() {
        return Map.of("LIFTWATCH_INGEST_CLIENT_ID", "e2e-ingest", "LIFTWATCH_ALERTS_CLIENT_ID", "e2e-alerts");
    }

    @AfterAll
    void stop() throws Exception {
        simulator.close();
        services.close();
        live.close();
    }

    /**
     * Messages stored: a row each, except status heartbeats that repeated the lift's previous status, which
     * are counted in lift_state instead of adding a row.
     */
    private long storedRows() throws Exception {
        return count("SELECT (SELECT count(*) FROM status_sample) + (SELECT count(*) FROM run)"
                + " + (SELECT count(*) FROM counter_sample) + (SELECT count(*) FROM fault)"
                + " + (SELECT count(*) FROM lift_event) + (SELECT count(*) FROM connection_event)"
                + " + (SELECT coalesce(sum(status_repeats), 0) FROM lift_state)");
    }

    private long count(String sql) throws Exception {
        return live.count(sql);
    }

    private JsonObject get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + services.apiPort() + "/api/v1" + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
        return new JsonObject(response.body());
    }

    private <T extends LiftMessage> List<T> acknowledged(Class<T> type, String liftId) {
        return simulator.ledger().acknowledgedMessages().stream().filter(type::isInstance).map(type::cast)
                .filter(m -> m.liftId().equals(liftId)).collect(Collectors.toList());
    }

    @Test
    void theFleetDayIsRealistic() {
        List<RunReport> runs = simulator.ledger().acknowledgedMessages().stream()
                .filter(RunReport.class::isInstance).map(RunReport.class::cast).toList();
        assertThat(runs.size() / 6.0).as("runs per lift-day").isBetween(60.0, 200.0);
        assertThat(runs.stream().filter(r -> !r.cards().isEmpty()).count()).isPositive();
        assertThat(runs.stream().filter(r -> r.cards().isEmpty()).count()).isPositive();
    }

    @Test
    void apiReturnsExactlyThePublishedRuns() throws Exception {
        for (Lift lift : fleet.lifts()) {
            JsonArray items = get("/lifts/" + lift.id() + "/runs?from=" + DAY + "&to=" + DAY.plusDays(1)
                    + "&limit=10000").getJsonArray("items");
            List<String> expected = acknowledged(RunReport.class, lift.id()).stream()
                    .sorted(Comparator.comparingLong((RunReport r) -> r.endedAt()).reversed())
                    .map(r -> java.time.Instant.ofEpochMilli(r.endedAt()) + " " + r.fromFloor() + ">" + r.toFloor()
                            + " " + r.cards())
                    .toList();
            List<String> actual = items.stream().map(JsonObject.class::cast)
                    .map(r -> r.getString("endedAt") + " " + r.getString("fromFloor") + ">" + r.getString("toFloor")
                            + " " + r.getJsonArray("cards").getList())
                    .toList();
            assertThat(actual).as("runs of " + lift.id()).isEqualTo(expected);
        }
    }

    @Test
    void apiCountsRidesPerHouseholdAsPublished() throws Exception {
        Map<String, String> householdOfCard = fleet.cards().stream()
                .collect(Collectors.toMap(Card::id, Card::householdId));
        for (Lift lift : fleet.lifts()) {
            Map<String, Long> expected = new TreeMap<>();
            fleet.households().stream().filter(h -> h.stairwellId().equals(lift.stairwellId()))
                    .forEach(h -> expected.put(h.id(), 0L));
            for (RunReport run : acknowledged(RunReport.class, lift.id())) {
                run.cards().stream().map(householdOfCard::get).distinct()
                        .forEach(household -> expected.merge(household, 1L, Long::sum));
            }
            JsonObject rides = get("/stairwells/" + lift.stairwellId() + "/rides?from=" + DAY + "&to=" + DAY.plusDays(1));
            Map<String, Long> actual = new TreeMap<>();
            rides.getJsonArray("households").stream().map(JsonObject.class::cast)
                    .forEach(h -> actual.put(h.getString("householdId"), h.getLong("rides")));
            assertThat(actual).as("rides in " + lift.stairwellId()).isEqualTo(expected);
            assertThat(rides.getLong("unattributedRuns")).isEqualTo(acknowledged(RunReport.class, lift.id()).stream()
                    .filter(r -> r.cards().isEmpty()).count());
        }
    }

    @Test
    void apiReturnsThePublishedFaultsAndLatestStates() throws Exception {
        long faults = 0;
        for (Lift lift : fleet.lifts()) {
            List<FaultReport> published = acknowledged(FaultReport.class, lift.id());
            faults += published.size();
            JsonArray items = get("/lifts/" + lift.id() + "/faults?from=" + DAY + "&to=" + DAY.plusDays(1)
                    + "&limit=10000").getJsonArray("items");
            assertThat(items.stream().map(JsonObject.class::cast)
                    .map(f -> f.getString("code") + ":" + f.getBoolean("raised")).sorted().toList())
                    .isEqualTo(published.stream().map(f -> f.type().wireName() + ":" + f.raised()).sorted().toList());

            StatusReport newest = acknowledged(StatusReport.class, lift.id()).stream()
                    .max(Comparator.comparingLong((StatusReport s) -> s.envelope().boot())
                            .thenComparingLong(s -> s.envelope().seq())).orElseThrow();
            JsonObject state = get("/lifts/" + lift.id());
            assertThat(state.getString("floor")).isEqualTo(newest.floor());
            assertThat(state.getString("mode")).isEqualTo(newest.mode().wireName());
            assertThat(state.getBoolean("moving")).isEqualTo(newest.moving());
            assertThat(state.getBoolean("online")).isTrue();
        }
        assertThat(faults).as("faults in the fleet-day").isPositive();
    }

    @Test
    void everyPublishedFaultBecomesOneAlarmPerLiftAndType() throws Exception {
        Map<String, List<FaultReport>> byAlarm = simulator.ledger().acknowledgedMessages().stream()
                .filter(FaultReport.class::isInstance).map(FaultReport.class::cast)
                .collect(Collectors.groupingBy(f -> f.liftId() + "/" + f.type().wireName()));
        long raises = byAlarm.values().stream().flatMap(List::stream).filter(FaultReport::raised).count();
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM alarm_event"
                + " WHERE kind IN ('raised', 'repeated') AND type <> 'offline'") == raises);

        // Alerts applies a lift's messages in order; the last ones may still be on their way.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonArray alarms = get("/alarms?status=all&limit=10000").getJsonArray("items");
            for (Map.Entry<String, List<FaultReport>> entry : byAlarm.entrySet()) {
                FaultReport last = entry.getValue().stream()
                        .max(Comparator.comparingLong((FaultReport f) -> f.envelope().boot())
                                .thenComparingLong(f -> f.envelope().seq())).orElseThrow();
                List<JsonObject> open = alarms.stream().map(JsonObject.class::cast)
                        .filter(a -> (a.getString("liftId") + "/" + a.getString("type")).equals(entry.getKey()))
                        .filter(a -> !a.getString("status").equals("cleared")).toList();
                assertThat(open).as(entry.getKey()).hasSize(last.raised() ? 1 : 0);
            }
        });
    }

    @Test
    void badMessagesAreDeadLetteredAndDuplicatesStoredOnce() throws Exception {
        assertThat(simulator.ledger().publishAttempts()).isGreaterThan(simulator.ledger().publishedMessages().size());
        JsonArray letters = get("/dead-letters?limit=100").getJsonArray("items");
        assertThat(letters.stream().map(JsonObject.class::cast).map(l -> l.getString("reason")).sorted().toList())
                .isEqualTo(bad.stream().map(b -> b.expected().code()).sorted().toList());
        // Each message once, except that a redelivered status heartbeat that had been taken as a repeat is
        // stored as a row (a late status is always stored): at most the injected duplicates add rows.
        assertThat(storedRows()).isBetween((long) simulator.ledger().acknowledgedCount(),
                simulator.ledger().acknowledgedCount() + (long) DUPLICATES);
    }

}
