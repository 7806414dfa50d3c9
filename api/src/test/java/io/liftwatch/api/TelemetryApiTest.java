package io.liftwatch.api;

import io.liftwatch.common.registry.Lift;
import io.liftwatch.common.registry.Registry;
import io.liftwatch.simulator.FleetPlan;
import io.liftwatch.testing.IntegrationTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API's reads over telemetry rows as ingest writes them (inserted here directly: the API only reads
 * these tables; the whole pipeline is exercised end to end in the launcher's tests).
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TelemetryApiTest {
    private final Registry fleet = FleetPlan.generate(6, 3);
    private ApiFixture api;
    private Lift first;
    private Lift second;

    @BeforeAll
    void start() throws Exception {
        api = ApiFixture.withRegistry(fleet);
        first = fleet.lifts().get(0);
        second = fleet.lifts().get(1);
        api.sql("INSERT INTO lift_state (lift_id, online, mode, floor, moving, status_boot, status_seq)"
                + " VALUES ('" + first.id() + "', true, 'normal', '4', false, 1, 9),"
                + " ('" + second.id() + "', false, 'inspection', '1', false, 1, 3)");
        // sw-1 households 201 and 202 share a run; 301 rides once with a card that expired on 2025-03-02.
        String runs = "INSERT INTO run (lift_id, ts, boot, seq, received_at, started_at, from_floor, to_floor, cards) VALUES ";
        api.sql(runs + String.join(",",
                row(first, "2025-03-01 08:00:20+08", 1, "'{C1-201-1,C1-202-1}'"),
                row(first, "2025-03-01 09:00:20+08", 2, "'{C1-201-1}'"),
                row(first, "2025-03-01 09:30:20+08", 3, "'{}'"),
                row(first, "2025-03-01 10:00:20+08", 4, "'{C1-301-1,NOBODY-1}'"),
                row(first, "2025-03-03 10:00:20+08", 5, "'{C1-301-1}'"),
                row(first, "2025-02-28 23:59:59+08", 6, "'{C1-201-1}'")));
        api.sql("UPDATE card SET valid_to = '2025-03-02' WHERE id = 'C1-301-1'");
        api.sql("INSERT INTO fault (lift_id, ts, boot, seq, received_at, code, gbt_code, raised, floor) VALUES ('"
                + first.id() + "', '2025-03-01 12:00+08', 1, 20, now(), 'door_close_failure', 2, true, '3')");
        api.sql("INSERT INTO dead_letter (received_at, topic, lift_id, reason, detail, payload, payload_size) VALUES"
                + " (now(), 'lw/v1/x/status', null, 'malformed_json', 'invalid JSON', '\\x7b6e6f', 3),"
                + " (now(), 'lw/v1/y/status', null, 'oversize', 'too big', '\\xff00', 2)");
    }

    private static String row(Lift lift, String endedAt, int seq, String cards) {
        return "('" + lift.id() + "', '" + endedAt + "', 1, " + seq + ", now(), timestamptz '" + endedAt
                + "' - interval '20 seconds', '1', '3', " + cards + ")";
    }

    @AfterAll
    void stop() throws Exception {
        api.close();
    }

    @Test
    void listsLiftsWithLiveStatusAndFilters() throws Exception {
        JsonArray all = api.get("/api/v1/lifts").json().getJsonArray("items");
        JsonArray online = api.get("/api/v1/lifts?online=true").json().getJsonArray("items");
        JsonArray byCompany = api.get("/api/v1/lifts?maintainer=mc-tongda").json().getJsonArray("items");
        JsonArray byStreet = api.get("/api/v1/lifts?district=320116&street=Moling").json().getJsonArray("items");

        assertThat(all).hasSize(6);
        assertThat(online).hasSize(1);
        assertThat(online.getJsonObject(0).getString("id")).isEqualTo(first.id());
        assertThat(online.getJsonObject(0).getString("floor")).isEqualTo("4");
        assertThat(ids(byCompany)).containsExactlyElementsOf(fleet.lifts().stream()
                .filter(l -> l.maintainerId().equals("mc-tongda")).map(Lift::id).sorted().toList());
        assertThat(byStreet).allSatisfy(item -> assertThat(((JsonObject) item).getString("street")).isEqualTo("Moling"));
        assertThat(byStreet).isNotEmpty();
        assertThat(api.get("/api/v1/lifts/" + second.id()).json().getString("mode")).isEqualTo("inspection");
    }

    @Test
    void countsRidesPerHouseholdOncePerRunWithinCardValidity() throws Exception {
        JsonObject rides = api.get("/api/v1/stairwells/sw-1/rides?from=2025-03-01&to=2025-03-04").json();

        assertThat(rides.getInteger("runs")).isEqualTo(5);
        assertThat(rides.getInteger("unattributedRuns")).isEqualTo(1);
        assertThat(rides.getInteger("unknownCardRides")).isEqualTo(1);
        assertThat(ridesOf(rides, "201")).isEqualTo(2);
        assertThat(ridesOf(rides, "202")).isEqualTo(1);
        assertThat(ridesOf(rides, "301")).isEqualTo(1);
        assertThat(ridesOf(rides, "302")).isZero();
    }

    private static int ridesOf(JsonObject rides, String flat) {
        return rides.getJsonArray("households").stream().map(JsonObject.class::cast)
                .filter(h -> h.getString("flat").equals(flat)).findFirst().orElseThrow().getInteger("rides");
    }

    @Test
    void showsOneLiftsHistoryNewestFirst() throws Exception {
        JsonObject runs = api.get("/api/v1/lifts/" + first.id() + "/runs?from=2025-03-01&to=2025-03-02").json();
        JsonObject faults = api.get("/api/v1/lifts/" + first.id() + "/faults?from=2025-03-01&to=2025-03-02").json();

        assertThat(runs.getJsonArray("items")).hasSize(4);
        assertThat(runs.getJsonArray("items").getJsonObject(0).getString("endedAt")).isEqualTo("2025-03-01T02:00:20Z");
        assertThat(runs.getJsonArray("items").getJsonObject(0).getJsonArray("cards")).containsExactly("C1-301-1", "NOBODY-1");
        assertThat(faults.getJsonArray("items").getJsonObject(0).getString("code")).isEqualTo("door_close_failure");
    }

    @Test
    void listsDeadLettersWithTheirPayloads() throws Exception {
        JsonArray items = api.get("/api/v1/dead-letters").json().getJsonArray("items");
        JsonArray oversize = api.get("/api/v1/dead-letters?reason=oversize").json().getJsonArray("items");

        assertThat(items).hasSize(2);
        assertThat(oversize).hasSize(1);
        assertThat(oversize.getJsonObject(0).getString("payloadText")).isNull();
        assertThat(items.getJsonObject(1).getString("payloadText")).isEqualTo("{no");
    }

    @Test
    void listsOpenAlarmsCriticalFirstWithTheirHistory() throws Exception {
        api.sql("INSERT INTO alarm (id, lift_id, type, severity, status, first_seen, last_seen, count) VALUES"
                + " (101, '" + first.id() + "', 'door_close_failure', 'major', 'raised', '2025-03-01 08:00+08', '2025-03-01 08:00+08', 1),"
                + " (102, '" + second.id() + "', 'entrapment', 'critical', 'raised', '2025-03-01 09:00+08', '2025-03-01 09:05+08', 2),"
                + " (103, '" + second.id() + "', 'offline', 'major', 'cleared', '2025-03-01 07:00+08', '2025-03-01 07:00+08', 1)");
        api.sql("INSERT INTO alarm_event (alarm_id, lift_id, type, kind, at, actor) VALUES"
                + " (102, '" + second.id() + "', 'entrapment', 'raised', '2025-03-01 09:00+08', 'device'),"
                + " (102, '" + second.id() + "', 'entrapment', 'repeated', '2025-03-01 09:05+08', 'device')");

        JsonArray open = api.get("/api/v1/alarms").json().getJsonArray("items");
        JsonArray all = api.get("/api/v1/alarms?status=all").json().getJsonArray("items");
        JsonArray history = api.get("/api/v1/alarms/102/events").json().getJsonArray("items");

        assertThat(open.stream().map(JsonObject.class::cast).map(a -> a.getString("type")).toList())
                .containsExactly("entrapment", "door_close_failure");
        assertThat(open.getJsonObject(0).getInteger("count")).isEqualTo(2);
        assertThat(open.getJsonObject(0).getString("street")).isEqualTo("Moling");
        assertThat(all).hasSize(3);
        assertThat(history.stream().map(JsonObject.class::cast).map(e -> e.getString("kind")).toList())
                .containsExactly("raised", "repeated");
        assertThat(api.get("/api/v1/alarms?status=closed").status()).isEqualTo(400);
    }

    @Test
    void refusesBadParametersWithTheirName() throws Exception {
        ApiFixture.Reply badId = api.get("/api/v1/lifts/123/runs");
        ApiFixture.Reply badDate = api.get("/api/v1/lifts/" + first.id() + "/runs?from=yesterday");
        ApiFixture.Reply backwards = api.get("/api/v1/lifts/" + first.id() + "/runs?from=2025-03-02&to=2025-03-01");
        ApiFixture.Reply badLimit = api.get("/api/v1/lifts?limit=0");
        ApiFixture.Reply nowhere = api.get("/api/v1/elevators");

        assertThat(badId.status()).isEqualTo(400);
        assertThat(badDate.json().getString("detail")).contains("'from'");
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(badLimit.json().getString("detail")).contains("'limit'");
        assertThat(nowhere.status()).isEqualTo(404);
        assertThat(nowhere.contentType()).isEqualTo("application/problem+json");
    }

    @Test
    void documentsEveryRouteInTheOpenApiDocument() throws Exception {
        String document = api.get("/api/v1/openapi.yaml").body();
        List<String> paths = api.api.router().getRoutes().stream()
                .filter(route -> route.getSubRouter() != null)
                .flatMap(route -> route.getSubRouter().getRoutes().stream())
                .map(Route::getPath).filter(java.util.Objects::nonNull)
                .map(path -> path.replaceAll(":([A-Za-z]+)", "{$1}"))
                .distinct().collect(Collectors.toList());

        assertThat(paths).hasSizeGreaterThan(15);
        assertThat(paths).allSatisfy(path -> assertThat(document).contains("\n  " + path + ":"));
    }

    @Test
    void servesHealthAndMetrics() throws Exception {
        assertThat(api.get("/health/live").status()).isEqualTo(200);
        assertThat(api.get("/health/ready").json().getString("status")).isEqualTo("UP");
        assertThat(api.get("/metrics").body()).contains("jvm_memory");
    }

    private static List<String> ids(JsonArray items) {
        return items.stream().map(JsonObject.class::cast).map(o -> o.getString("id")).toList();
    }
}
