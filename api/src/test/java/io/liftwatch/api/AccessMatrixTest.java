package io.liftwatch.api;

import io.liftwatch.testing.IntegrationTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint, called by every role, on an object within the caller's reach and on one outside it:
 * each answer is what the matrix below says — allowed, 401 without a token, 403 for a role that may not,
 * 404 for an object out of reach. The matrix is written out here, apart from the code that enforces it.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessMatrixTest {
    private static final String JSON = "application/json";

    /** method and route → roles allowed; "*" after the roles: the path names an object that must be in reach. */
    private static final Map<String, String> MATRIX = new LinkedHashMap<>();

    static {
        String readers = "admin maintenance property bureau";
        String supervision = "admin bureau city";
        String manager = "admin property";
        String company = "admin maintenance";
        MATRIX.put("GET /openapi.yaml", "public");
        MATRIX.put("POST /auth/token", "public");
        MATRIX.put("POST /auth/session", "public");
        MATRIX.put("GET /auth/session/link", "public");
        MATRIX.put("DELETE /auth/session", "admin maintenance property bureau city");
        MATRIX.put("GET /me", "admin maintenance property bureau city");
        MATRIX.put("PUT /me/language", "admin maintenance property bureau city");
        MATRIX.put("POST /auth/refresh", "admin maintenance property bureau city");
        MATRIX.put("POST /alarms/stream/tickets", readers);
        MATRIX.put("POST /accounts", "admin");
        MATRIX.put("GET /accounts", "admin");
        MATRIX.put("POST /accounts/{account}/tokens", "admin");
        MATRIX.put("GET /accounts/{account}/tokens", "admin");
        MATRIX.put("POST /accounts/{account}/disable", "admin");
        MATRIX.put("POST /accounts/{account}/enable", "admin");
        MATRIX.put("PUT /accounts/{account}/password", "admin");
        MATRIX.put("PUT /accounts/{account}/reach", "admin");
        MATRIX.put("PUT /accounts/{account}/language", "admin");
        MATRIX.put("DELETE /tokens/{token}", "admin maintenance property bureau city");
        MATRIX.put("POST /broker/authenticate", "admin");
        MATRIX.put("POST /broker/authorize", "admin");
        for (String path : List.of("/alarms", "/alarms/stream", "/rescues", "/lifts")) {
            MATRIX.put("GET " + path, readers);
        }
        MATRIX.put("GET /alarms/{alarmId}/events", readers + " *");
        for (String action : List.of("acknowledge", "clear", "arrived", "dispatch")) {
            MATRIX.put("POST /alarms/{alarmId}/" + action, company + " *");
        }
        MATRIX.put("GET /notifications", "admin");
        MATRIX.put("GET /maintenance-plan", company);
        MATRIX.put("GET /streets", "admin maintenance property bureau city");
        MATRIX.put("GET /dead-letters", "admin");
        MATRIX.put("GET /audit/verify", "admin bureau");
        for (String path : List.of("/compliance", "/grid", "/grid/export", "/reports/monthly")) {
            MATRIX.put("GET " + path, supervision);
        }
        for (String part : List.of("", "/counters", "/events", "/faults", "/runs", "/inspections",
                "/maintenance-contracts", "/maintenance-visits", "/drills", "/maintenance-windows", "/rule-settings")) {
            MATRIX.put("GET /lifts/{id}" + part, readers + " *");
        }
        MATRIX.put("PUT /lifts/{id}", "admin");
        MATRIX.put("DELETE /lifts/{id}", "admin");
        MATRIX.put("POST /lifts/{id}/device-credentials", "admin");
        MATRIX.put("DELETE /lifts/{id}/device-credentials", "admin");
        MATRIX.put("GET /device-credentials", "admin");
        MATRIX.put("GET /device-credentials/mosquitto/liftwatch.passwd", "admin");
        MATRIX.put("GET /device-credentials/mosquitto/liftwatch.acl", "admin");
        for (String part : List.of("/drills", "/maintenance-visits", "/maintenance-windows")) {
            MATRIX.put("POST /lifts/{id}" + part, company + " *");
        }
        for (String part : List.of("/inspections", "/maintenance-contracts")) {
            MATRIX.put("POST /lifts/{id}" + part, manager + " *");
        }
        MATRIX.put("POST /maintenance-visits/{visitId}/confirmation", manager + " *");
        MATRIX.put("POST /maintenance-windows/{windowId}/end", company + " *");
        MATRIX.put("GET /organisations", "admin maintenance property bureau city");
        MATRIX.put("PUT /organisations/{id}", "admin");
        for (String path : List.of("/registry", "/registry/lifts.csv", "/registry/households.csv", "/registry/cards.csv")) {
            MATRIX.put("GET " + path, "admin");
            MATRIX.put("POST " + path, "admin");
        }
        MATRIX.put("GET /rule-settings", "admin");
        MATRIX.put("PUT /rule-settings/{scope}/{target}", "admin");
        MATRIX.put("DELETE /rule-settings/{scope}/{target}", "admin");
        MATRIX.put("PUT /stairwells/{id}", "admin");
        for (String route : List.of("GET /stairwells/{id}/arrears", "GET /stairwells/{id}/costs",
                "POST /stairwells/{id}/costs", "GET /stairwells/{id}/fund", "POST /stairwells/{id}/fund",
                "GET /stairwells/{id}/households", "GET /stairwells/{id}/rides", "GET /stairwells/{id}/schemes",
                "PUT /stairwells/{id}/schemes/{effectiveFrom}", "GET /stairwells/{id}/statements",
                "POST /stairwells/{id}/statements", "GET /stairwells/{id}/statements/preview",
                "POST /stairwells/{id}/statements/preview",
                "PUT /households/{id}", "GET /households/{id}/parties", "PUT /households/{id}/parties",
                "DELETE /costs/{cost}", "GET /statements/{statement}", "POST /statements/{statement}/corrections",
                "GET /statements/{statement}/csv", "GET /statements/{statement}/households/{household}/print",
                "GET /stairwells/{id}/unbilled", "GET /stairwells/{id}/account", "DELETE /households/{id}/parties")) {
            MATRIX.put(route, manager + " *");
        }
        MATRIX.put("PUT /cards/{id}", "admin");
    }

    private TwoTenants tenants;
    private Map<String, String> tokens;

    @BeforeAll
    void start() throws Exception {
        tenants = TwoTenants.start();
        tokens = tenants.tokens;
    }

    @AfterAll
    void stop() throws Exception {
        tenants.close();
    }

    private HttpResponse<InputStream> send(String role, String method, String path, String body) throws Exception {
        return tenants.send(role, method, path, body);
    }

    @Test
    void everyEndpointAnswersEveryRoleAsTheMatrixSays() throws Exception {
        List<String> routes = tenants.servedRoutes();
        assertThat(MATRIX.keySet()).as("the matrix covers every endpoint served").containsExactlyInAnyOrderElementsOf(routes);
        List<String> wrong = new ArrayList<>();
        // Deletions last, so the objects they remove are gone only after every other call has used them.
        routes.sort((a, b) -> Boolean.compare(a.startsWith("DELETE"), b.startsWith("DELETE")));
        for (String role : TwoTenants.ROLES) {
            for (String route : routes) {
                String entry = MATRIX.get(route);
                String method = route.substring(0, route.indexOf(' '));
                String template = route.substring(route.indexOf(' ') + 1);
                boolean scoped = entry.endsWith(" *");
                for (boolean mine : scoped ? List.of(true, false) : List.of(true)) {
                    String path = tenants.path(template, mine ? tenants.own : tenants.foreign);
                    String body = method.equals("GET") || method.equals("DELETE") ? null : "{}";
                    HttpResponse<InputStream> response = send(role, method, path, body);
                    String text;
                    try (InputStream in = response.body()) {
                        text = route.equals("GET /alarms/stream") && response.statusCode() == 200 ? ""
                                : new String(in.readAllBytes());
                    }
                    if (route.equals("POST /auth/refresh") && response.statusCode() == 201) {
                        tokens.put(role, new JsonObject(text).getString("token")); // the old one is revoked now
                    }
                    String expected = expected(entry, role, mine);
                    String actual = actual(response.statusCode(), text);
                    if (!expected.equals(actual)) {
                        wrong.add(role + " " + method + " " + path + ": expected " + expected + ", got "
                                + response.statusCode() + " " + text.substring(0, Math.min(160, text.length())));
                    }
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    private static String expected(String entry, String role, boolean mine) {
        if (entry.equals("public")) {
            return "allowed";
        }
        if (role.equals("anonymous")) {
            return "401";
        }
        if (!List.of(entry.replace(" *", "").split(" ")).contains(role)) {
            return "403";
        }
        return entry.endsWith(" *") && !mine && !role.equals("admin") ? "404" : "allowed";
    }

    /** Access control's own refusals; an endpoint's own 401 (a wrong password) or 404 counts as let through. */
    private static String actual(int status, String body) {
        if (status == 401 && (body.contains("API token is required") || body.contains("token is unknown, expired or revoked"))) {
            return "401";
        }
        if (status == 403 && body.contains(" may not ")) {
            return "403";
        }
        return status == 404 && body.contains("not within the reach") ? "404" : "allowed";
    }

    @Test
    void listsShowEachAccountOnlyWhatItCovers() throws Exception {
        JsonObject anjia = json("maintenance", "/lifts");
        JsonObject bureau = json("bureau", "/lifts?district=320116");
        JsonObject alarms = json("property", "/alarms");

        assertThat(anjia.getJsonArray("items")).isNotEmpty().allSatisfy(l ->
                assertThat(((JsonObject) l).getString("maintainerId")).isEqualTo("mc-anjia"));
        assertThat(bureau.getJsonArray("items")).isNotEmpty().allSatisfy(l ->
                assertThat(((JsonObject) l).getString("districtCode")).isEqualTo("320116"));
        assertThat(alarms.getJsonArray("items")).extracting(a -> ((JsonObject) a).getLong("id")).containsExactly(1L);
        assertThat(send("bureau", "GET", "/lifts?district=320115", null).statusCode())
                .as("another district's list is refused, not silently narrowed").isEqualTo(404);
        assertThat(send("maintenance", "GET", "/alarms?maintainer=mc-tongda", null).statusCode()).isEqualTo(404);
        assertThat(tenants.api.count("SELECT count(*) FROM api_write WHERE account_id = 'root' AND path = '/api/v1/registry'"))
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void aPasswordGivesATokenThatWorksUntilRevoked() throws Exception {
        assertThat(send("admin", "POST", "/accounts", new JsonObject().put("id", "tongda-dispatch").put("role", "maintenance")
                .put("organisationId", "mc-tongda").put("password", "correct horse battery").encode()).statusCode())
                .isEqualTo(201);
        HttpResponse<InputStream> wrong = send("anonymous", "POST", "/auth/token", new JsonObject()
                .put("account", "tongda-dispatch").put("password", "wrong horse battery").encode());
        HttpResponse<InputStream> right = send("anonymous", "POST", "/auth/token", new JsonObject()
                .put("account", "tongda-dispatch").put("password", "correct horse battery").encode());
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(right.statusCode()).isEqualTo(201);
        JsonObject issued;
        try (InputStream in = right.body()) {
            issued = new JsonObject(new String(in.readAllBytes()));
        }
        tokens.put("tongda", issued.getString("token"));
        assertThat(json("tongda", "/me").getString("role")).isEqualTo("maintenance");
        assertThat(tenants.api.count("SELECT count(*) FROM account WHERE id = 'tongda-dispatch' AND password_hash LIKE '$7$210000$%'"))
                .as("the password is kept as a PBKDF2 hash only").isEqualTo(1);

        assertThat(send("tongda", "DELETE", "/tokens/" + issued.getLong("id"), null).statusCode()).isEqualTo(204);
        assertThat(send("tongda", "GET", "/me", null).statusCode()).isEqualTo(401);
        tokens.remove("tongda");
    }

    private JsonObject json(String role, String path) throws Exception {
        HttpResponse<InputStream> response = send(role, "GET", path, null);
        try (InputStream in = response.body()) {
            assertThat(response.statusCode()).isEqualTo(200);
            return new JsonObject(new String(in.readAllBytes()));
        }
    }
}
