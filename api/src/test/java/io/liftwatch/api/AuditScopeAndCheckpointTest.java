package io.liftwatch.api;

import io.liftwatch.api.access.Tokens;
import io.liftwatch.api.audit.CheckpointConfig;
import io.liftwatch.common.audit.AuditCheckpoint;
import io.liftwatch.common.audit.AuditKeys;
import io.liftwatch.common.audit.CheckpointStore;
import io.liftwatch.common.registry.Lift;
import io.liftwatch.common.registry.Registry;
import io.liftwatch.common.registry.RegistryJson;
import io.liftwatch.simulator.FleetPlan;
import io.liftwatch.testing.IntegrationTest;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /audit/verify} answers within the caller's reach, and the API anchors the chain in signed
 * checkpoint files that the grid export carries and verification holds the chain against.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditScopeAndCheckpointTest {
    private static final String FAR_LIFT = "31103201152023010099";
    private final Registry fleet = FleetPlan.generate(2, 3);
    private final HttpClient http = HttpClient.newHttpClient();
    private Path folder;
    private Path keyFile;
    private ApiFixture api;
    private String admin;
    private String jiangning;
    private Lift home;
    private Lift anchored;

    @BeforeAll
    void start() throws Exception {
        folder = Files.createTempDirectory("lw-audit");
        keyFile = folder.resolve("keys/audit-signing.key");
        AuditKeys.generate(keyFile);
        api = new ApiFixture(1024 * 1024, true, new CheckpointConfig(folder.resolve("checkpoints"), keyFile,
                Duration.ofHours(1)));
        home = fleet.lifts().get(0);
        anchored = fleet.lifts().get(1);
        try (Connection c = api.pool.getConnection()) {
            c.createStatement().execute("INSERT INTO account (id, name, role, region) VALUES ('root', 'root', 'admin',"
                    + " null), ('jiangning', 'Jiangning bureau', 'bureau', '320116')");
            admin = Tokens.issue(c, "root", "test", java.time.Duration.ofHours(1)).token();
            jiangning = Tokens.issue(c, "jiangning", "test", java.time.Duration.ofHours(1)).token();
        }
        assertThat(send(admin, "POST", "/registry", RegistryJson.toJson(fleet).encode()).statusCode()).isEqualTo(200);
        api.sql("INSERT INTO stairwell VALUES ('sw-far', '9 Far Road', '320115', 'Far', 'Far-C1', 'Far-C1-G1', 'B9', '1');"
                + " INSERT INTO lift (id, stairwell_id, floor_labels) VALUES ('" + FAR_LIFT + "', 'sw-far', '{1,2,3}')");
        for (String lift : List.of(home.id(), anchored.id(), anchored.id(), FAR_LIFT)) {
            assertThat(send(admin, "POST", "/lifts/" + lift + "/maintenance-visits", visit().encode()).statusCode())
                    .isEqualTo(201);
        }
    }

    @AfterAll
    void stop() throws Exception {
        api.close();
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private static JsonObject visit() {
        return new JsonObject().put("tier", "half_monthly").put("startedAt", "2025-06-20T09:00:00+08:00")
                .put("endedAt", "2025-06-20T10:00:00+08:00").put("items", new JsonArray().add("A1 machine room"))
                .put("technicians", new JsonArray().add("Wang Lei"));
    }

    private HttpResponse<String> send(String token, String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.api.port() + "/api/v1" + path))
                .header("authorization", "Bearer " + token).header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonObject verify(String token, String query) throws Exception {
        HttpResponse<String> reply = send(token, "GET", "/audit/verify" + query, null);
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        return new JsonObject(reply.body());
    }

    private static List<String> brokenLifts(JsonObject verification) {
        return verification.getJsonArray("breaks").stream().map(JsonObject.class::cast)
                .map(b -> b.getString("liftId")).distinct().sorted().toList();
    }

    /** Triggers switched off as a superuser can: what a database administrator could do. */
    private void asSuperuser(String statements) throws Exception {
        api.sql("SET session_replication_role = replica; " + statements + "; SET session_replication_role = origin");
    }

    @Test
    void theApiLogsInAsItsOwnRoleNotTheSchemasOwner() throws Exception {
        try (Connection c = api.pool.getConnection(); java.sql.ResultSet row = c.createStatement().executeQuery(
                "SELECT string_agg(DISTINCT usename, ',') FROM pg_stat_activity WHERE datname = current_database()"
                        + " AND application_name = 'api'")) {
            row.next();
            assertThat(row.getString(1)).isEqualTo("lw_api");
        }
    }

    @Test
    void aBureauVerifiesOnlyItsOwnDistrictsChains() throws Exception {
        asSuperuser("UPDATE maintenance_visit SET findings = 'rewritten' WHERE lift_id = '" + FAR_LIFT + "'");
        api.sql("INSERT INTO maintenance_visit (lift_id, tier, started_at, ended_at, items, technicians, recorded_by)"
                + " VALUES ('" + home.id() + "', 'yearly', '2025-06-01 09:00+08', '2025-06-01 10:00+08', '{A1}',"
                + " '{Ghost}', 'nobody')");

        JsonObject everything = verify(admin, "");
        JsonObject district = verify(jiangning, "");

        assertThat(brokenLifts(everything)).contains(home.id(), FAR_LIFT);
        assertThat(brokenLifts(district)).contains(home.id()).doesNotContain(FAR_LIFT);
        assertThat(district.getJsonArray("breaks").stream().map(JsonObject.class::cast)
                .filter(b -> b.getString("liftId").equals(home.id())).map(b -> b.getString("problem")))
                .contains("the record has no link in the chain");
        assertThat(district.encode()).doesNotContain("rewritten");
        assertThat(send(jiangning, "GET", "/audit/verify?lift=" + FAR_LIFT, null).statusCode()).isEqualTo(404);
        assertThat(brokenLifts(verify(admin, "?lift=" + FAR_LIFT))).containsExactly(FAR_LIFT);
    }

    @Test
    void aSignedCheckpointTravelsInTheGridExportAndCatchesATruncatedTail() throws Exception {
        AuditCheckpoint written = api.api.checkpointer().checkpoint().toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS).orElseThrow();
        List<AuditCheckpoint> kept = CheckpointStore.read(folder.resolve("checkpoints"));
        assertThat(kept).last().extracting(AuditCheckpoint::sequence).isEqualTo(written.sequence());
        assertThat(kept.get(kept.size() - 1).verifies(AuditKeys.loadPublic(keyFile))).isTrue();
        assertThat(written.heads()).contains(new AuditCheckpoint.Head(anchored.id(), 2, written.heads().stream()
                .filter(h -> h.liftId().equals(anchored.id())).findFirst().orElseThrow().hash()));

        HttpResponse<String> export = send(admin, "GET", "/grid/export?from=2025-06-01&to=2025-07-01", null);
        JsonObject shipped = new JsonObject(export.body()).getJsonObject("auditCheckpoint");
        assertThat(new JsonObject(export.body()).getString("schema")).isEqualTo("liftwatch.grid-export/1");
        assertThat(AuditCheckpoint.fromJson(shipped).verifies(AuditKeys.loadPublic(keyFile))).isTrue();
        assertThat(shipped.getLong("sequence")).isEqualTo(written.sequence());

        // The last link goes with its record, triggers bypassed: the chain that is left is internally sound.
        asSuperuser("DELETE FROM audit_chain WHERE lift_id = '" + anchored.id() + "' AND seq = 2;"
                + " DELETE FROM maintenance_visit WHERE id = (SELECT max(id) FROM maintenance_visit WHERE lift_id = '"
                + anchored.id() + "')");

        JsonObject verification = verify(admin, "?lift=" + anchored.id());
        assertThat(verification.getBoolean("intact")).isFalse();
        assertThat(verification.getJsonObject("checkpoint").getLong("sequence")).isEqualTo(written.sequence());
        assertThat(verification.getJsonArray("breaks").getJsonObject(0).getString("problem"))
                .contains("anchored link 2").contains("ends at link 1: links were removed");
    }
}
