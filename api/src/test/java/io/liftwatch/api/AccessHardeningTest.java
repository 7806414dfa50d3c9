package io.liftwatch.api;

import io.liftwatch.testing.IntegrationTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ways around access control an attacker tries: paths the router would read differently from how they
 * are written, ids of other tenants in bodies and queries, bodies sent without credentials, tokens after
 * they expire or are revoked, tickets used twice.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessHardeningTest {
    /** Ways to write a path (under /api/v1) that the router reads as another or as the same. */
    private static final List<UnaryOperator<String>> TRAVERSALS = List.of(
            path -> "/x/.." + path, path -> "/x/%2e%2e" + path, path -> "/x/%2E%2e" + path, path -> "/." + path,
            path -> "/%2e" + path, path -> "/" + path, path -> path + ";a=b", path -> "/x%2f.." + path,
            path -> path.replaceFirst("/", "/lifts/../"));

    @AutoClose
    private final TwoTenants tenants = TwoTenants.start();

    @Test
    void everyRouteWrittenWithTraversalIsRefusedWithoutSideEffects() throws Exception {
        long rowsBefore = tenants.rowsEverywhere();
        List<String> wrong = new ArrayList<>();
        for (String route : tenants.servedRoutes()) {
            String method = route.substring(0, route.indexOf(' '));
            String path = tenants.path(route.substring(route.indexOf(' ') + 1), tenants.own);
            for (UnaryOperator<String> traversal : TRAVERSALS) {
                String written = traversal.apply(path);
                for (String role : List.of("property", "admin")) {
                    HttpResponse<InputStream> response = tenants.send(role, method, written,
                            method.equals("GET") || method.equals("DELETE") ? null : "{}");
                    String text = TwoTenants.text(response);
                    if (response.statusCode() != 400 || !text.contains("the request path")) {
                        wrong.add(role + " " + method + " " + written + " → " + response.statusCode());
                    }
                }
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(tenants.rowsEverywhere()).isEqualTo(rowsBefore);
    }

    @Test
    void aPropertyManagerCannotClimbToAnAdministratorsTokens() throws Exception {
        String own = tenants.own.get("stairwell");
        long tokens = tenants.api.count("SELECT count(*) FROM api_token");
        for (String climb : List.of("/stairwells/" + own + "/../../accounts/root/tokens",
                "/stairwells/" + own + "/%2e%2e/%2e%2e/accounts/root/tokens")) {
            assertThat(tenants.send("property", "POST", climb, "{}").statusCode()).isEqualTo(400);
        }
        assertThat(tenants.send("property", "POST", "/accounts", new JsonObject().put("id", "mallory")
                .put("role", "admin").encode()).statusCode()).isEqualTo(403);
        assertThat(tenants.send("property", "GET", "/stairwells/" + own + "/../sw-far/fund", null).statusCode())
                .isEqualTo(400);
        assertThat(tenants.api.count("SELECT count(*) FROM api_token")).isEqualTo(tokens);
        assertThat(tenants.api.count("SELECT count(*) FROM account WHERE id = 'mallory'")).isZero();
    }

    @Test
    void idsInBodiesAndQueriesMustBeWithinReach() throws Exception {
        String household = tenants.own.get("household");
        String stairwell = tenants.own.get("stairwell");
        HttpResponse<InputStream> moved = tenants.send("property", "PUT", "/households/" + household, new JsonObject()
                .put("id", household).put("stairwellId", "sw-far").put("flat", "201").put("floor", "2").encode());
        assertThat(moved.statusCode()).isEqualTo(422);
        assertThat(TwoTenants.text(moved)).contains("stairwell sw-far (body field 'stairwellId') does not exist, or is"
                + " not within the reach of account greenfield");
        assertThat(tenants.api.count("SELECT count(*) FROM household WHERE id = '" + household + "' AND stairwell_id = '"
                + stairwell + "'")).as("the household stayed where it was").isEqualTo(1);

        HttpResponse<InputStream> paid = tenants.send("property", "POST", "/stairwells/" + stairwell + "/fund",
                new JsonObject().put("kind", "payment").put("householdId", "sw-far-201").put("amountFen", 100)
                        .put("on", "2025-03-02").encode());
        assertThat(paid.statusCode()).isEqualTo(422);

        assertThat(tenants.send("maintenance", "GET", "/alarms?lift=" + tenants.foreign.get("lift"), null).statusCode())
                .isEqualTo(404);
        assertThat(tenants.send("maintenance", "GET", "/alarms?lift=" + tenants.own.get("lift"), null).statusCode())
                .isEqualTo(200);
        assertThat(tenants.send("property", "GET", "/statements/" + tenants.own.get("statement") + "/households/"
                + tenants.foreign.get("household") + "/print", null).statusCode())
                .as("a second object in the path is checked too").isEqualTo(404);
    }

    @Test
    void companiesSharingAStairwellReachOnlyTheirOwnLifts() throws Exception {
        String ours = "31103201162023050901";
        String theirs = "31103201162023050902";
        tenants.api.sql("INSERT INTO stairwell VALUES ('sw-shared', '1 Shared Road', '320116', 'S', 'S-C1', 'S-C1-G1',"
                + " 'B1', '1'); INSERT INTO lift (id, stairwell_id, floor_labels, maintainer_id, use_unit_id) VALUES"
                + " ('" + ours + "', 'sw-shared', '{1,2}', 'mc-anjia', 'pm-greenfield'),"
                + " ('" + theirs + "', 'sw-shared', '{1,2}', 'mc-tongda', 'pm-residents-42');"
                + " INSERT INTO alarm (id, lift_id, type, severity, status, first_seen, last_seen, count) VALUES"
                + " (90, '" + theirs + "', 'door_open_failure', 'major', 'raised', now(), now(), 1)");
        assertThat(tenants.send("maintenance", "GET", "/lifts/" + ours, null).statusCode()).isEqualTo(200);
        assertThat(tenants.send("maintenance", "GET", "/lifts/" + theirs, null).statusCode()).isEqualTo(404);
        assertThat(tenants.send("maintenance", "POST", "/alarms/90/acknowledge", "{\"by\":\"tech\"}").statusCode())
                .isEqualTo(404);
        assertThat(tenants.send("maintenance", "POST", "/lifts/" + theirs + "/maintenance-windows", "{}").statusCode())
                .isEqualTo(404);
        assertThat(tenants.send("property", "GET", "/lifts/" + ours, null).statusCode()).isEqualTo(200);
        assertThat(tenants.send("property", "GET", "/stairwells/sw-shared/households", null).statusCode())
                .as("a stairwell is reached by whoever answers for every lift in it").isEqualTo(404);
        assertThat(tenants.api.count("SELECT count(*) FROM alarm WHERE id = 90 AND acknowledged_at IS NULL")).isEqualTo(1);
    }

    @Test
    void aPropertyManagerCreatesAHouseholdOnlyInItsOwnStairwell() throws Exception {
        String stairwell = tenants.own.get("stairwell");
        JsonObject flat = new JsonObject().put("flat", "103").put("floor", "1").put("areaM2", null).put("residents", null);
        assertThat(tenants.send("property", "PUT", "/households/" + stairwell + "-103",
                flat.copy().put("id", stairwell + "-103").put("stairwellId", stairwell).encode()).statusCode())
                .isEqualTo(200);
        assertThat(tenants.send("property", "PUT", "/households/sw-far-103",
                flat.copy().put("id", "sw-far-103").put("stairwellId", "sw-far").encode()).statusCode()).isEqualTo(422);
        assertThat(tenants.api.count("SELECT count(*) FROM household WHERE id IN ('" + stairwell + "-103', 'sw-far-103')"))
                .isEqualTo(1);
    }

    @Test
    void aBodyThatRepeatsAKeyIsRefusedBeforeAnyIdInItIsTrusted() throws Exception {
        String household = tenants.own.get("household");
        HttpResponse<InputStream> twice = tenants.send("property", "PUT", "/households/" + household,
                "{\"id\":\"" + household + "\",\"stairwellId\":\"sw-far\",\"stairwellId\":\""
                        + tenants.own.get("stairwell") + "\",\"flat\":\"201\",\"floor\":\"2\"}");
        assertThat(twice.statusCode()).isEqualTo(400);
        assertThat(TwoTenants.text(twice)).contains("repeats the key 'stairwellId'");
    }

    @Test
    void bodiesAreReadOnlyAfterTheCallerIsKnownAndUpToTheRoutesLimit() throws Exception {
        String large = "{\"pad\":\"" + "x".repeat(200_000) + "\"}";
        HttpResponse<InputStream> anonymous = tenants.send("anonymous", "POST", "/registry", large);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        HttpResponse<InputStream> drill = tenants.send("admin", "POST", "/lifts/" + tenants.own.get("lift") + "/drills",
                large);
        assertThat(drill.statusCode()).isEqualTo(413);
        assertThat(TwoTenants.text(drill)).contains(String.valueOf(ApiConfig.DEFAULT_MAX_JSON_BODY));
        assertThat(tenants.send("admin", "POST", "/registry", large).statusCode())
                .as("a registry import may be larger").isNotEqualTo(413);
    }

    @Test
    void everyAnswerCarriesTheSecurityHeaders() throws Exception {
        for (String path : List.of("/dashboard/", "/api/v1/openapi.yaml", "/api/v1/lifts", "/api/v1/nowhere",
                "/health/live", "/api/v1/../health/live")) {
            HttpResponse<InputStream> response = tenants.sendRaw("anonymous", "GET", path, null);
            TwoTenants.text(response);
            assertThat(response.headers().firstValue("content-security-policy")).as(path)
                    .hasValueSatisfying(csp -> assertThat(csp).contains("frame-ancestors 'none'"));
            assertThat(response.headers().firstValue("x-content-type-options")).as(path).hasValue("nosniff");
            assertThat(response.headers().firstValue("referrer-policy")).as(path).hasValue("no-referrer");
        }
    }

    @Test
    void anExpiredTokenIsRefusedAndARefreshReplacesTheOldOne() throws Exception {
        tenants.api.sql("INSERT INTO account (id, name, role) VALUES ('shift', 'shift', 'admin')");
        String token;
        try (var c = tenants.api.pool.getConnection()) {
            token = io.liftwatch.api.access.Tokens.issue(c, "shift", "test", Duration.ofHours(1),
                    java.time.Instant.now().plus(Duration.ofDays(7))).token();
        }
        tenants.tokens.put("shift", token);
        JsonObject refreshed = new JsonObject(TwoTenants.text(tenants.send("shift", "POST", "/auth/refresh", null)));
        assertThat(tenants.send("shift", "GET", "/me", null).statusCode()).as("the refreshed token is revoked")
                .isEqualTo(401);
        tenants.tokens.put("shift", refreshed.getString("token"));
        assertThat(tenants.send("shift", "GET", "/me", null).statusCode()).isEqualTo(200);

        tenants.api.sql("UPDATE api_token SET expires_at = now() - interval '1 second' WHERE id = "
                + refreshed.getLong("id"));
        HttpResponse<InputStream> expired = tenants.send("shift", "GET", "/me", null);
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(TwoTenants.text(expired)).contains("expired");
        tenants.tokens.remove("shift");
    }

    @Test
    void theStreamOpensWithATicketOnceAndEndsSoonAfterItsTokenIsRevoked() throws Exception {
        tenants.api.sql("INSERT INTO account (id, name, role, organisation_id) VALUES"
                + " ('night-desk', 'night desk', 'maintenance', 'mc-anjia')");
        JsonObject token;
        try (var c = tenants.api.pool.getConnection()) {
            var issued = io.liftwatch.api.access.Tokens.issue(c, "night-desk", "test", Duration.ofHours(1));
            token = new JsonObject().put("id", issued.id()).put("token", issued.token());
        }
        tenants.tokens.put("night", token.getString("token"));
        String ticket = new JsonObject(TwoTenants.text(tenants.send("night", "POST", "/alarms/stream/tickets", null)))
                .getString("ticket");
        assertThat(tenants.send("anonymous", "GET", "/lifts?ticket=" + ticket, null).statusCode())
                .as("a ticket opens only the stream").isEqualTo(401);
        HttpResponse<InputStream> stream = tenants.send("anonymous", "GET", "/alarms/stream?ticket=" + ticket, null);
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(tenants.send("anonymous", "GET", "/alarms/stream?ticket=" + ticket, null).statusCode())
                .as("a ticket is used once").isEqualTo(401);
        CompletableFuture<String> ending = CompletableFuture.supplyAsync(() -> readToEnd(stream.body()));
        assertThat(tenants.send("night", "DELETE", "/tokens/" + token.getLong("id"), null).statusCode()).isEqualTo(204);
        assertThat(ending.get(10, TimeUnit.SECONDS)).contains("event: closed");
        tenants.tokens.remove("night");
    }

    private static String readToEnd(InputStream body) {
        StringBuilder text = new StringBuilder();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                text.append(line).append('\n');
            }
        } catch (java.io.IOException e) {
            text.append("(stream broke: ").append(e.getMessage()).append(')');
        }
        return text.toString();
    }
}
