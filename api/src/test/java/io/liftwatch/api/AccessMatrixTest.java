package io.liftwatch.api;

import io.liftwatch.api.access.Tokens;
import io.liftwatch.common.registry.Lift;
import io.liftwatch.common.registry.Registry;
import io.liftwatch.simulator.FleetPlan;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint, called by every role, on an object within the caller's reach and on one outside it:
 * each answer is what the matrix below says — allowed, 401 without a token, 403 for a role that may not,
 * 404 for an object out of reach. The matrix is written out here, apart from the code that enforces it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessMatrixTest {
    private static final String JSON = "application/json";
    private static final List<String> ROLES = List.of("anonymous", "city", "bureau", "property", "maintenance", "admin");

    /** method and route → roles allowed; "*" after the roles: the path names an object that must be in reach. */
    private static final Map<String, String> MATRIX = new LinkedHashMap<>();

    static {
        String readers = "admin maintenance property bureau";
        String supervision = "admin bureau city";
        String manager = "admin property";
        String company = "admin maintenance";
        MATRIX.put("GET /openapi.yaml", "public");
        MATRIX.put("POST /auth/token", "public");
        MATRIX.put("GET /me", "admin maintenance property bureau city");
        MATRIX.put("POST /accounts", "admin");
        MATRIX.put("GET /accounts", "admin");
        MATRIX.put("POST /accounts/{account}/tokens", "admin");
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
        for (String part : List.of("/drills", "/maintenance-visits", "/maintenance-windows")) {
            MATRIX.put("POST /lifts/{id}" + part, company + " *");
        }
        for (String part : List.of("/inspections", "/maintenance-contracts")) {
            MATRIX.put("POST /lifts/{id}" + part, manager + " *");
        }
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
                "PUT /households/{id}", "GET /households/{id}/parties", "PUT /households/{id}/parties",
                "DELETE /costs/{cost}", "GET /statements/{statement}", "POST /statements/{statement}/corrections",
                "GET /statements/{statement}/csv", "GET /statements/{statement}/households/{household}/print")) {
            MATRIX.put(route, manager + " *");
        }
        MATRIX.put("PUT /cards/{id}", "admin");
    }

    private final Registry fleet = FleetPlan.generate(5, 8);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, String> tokens = new LinkedHashMap<>();
    private final Map<String, String> own = new LinkedHashMap<>();
    private final Map<String, String> foreign = new LinkedHashMap<>();
    private ApiFixture api;
    private String spareToken;

    @BeforeAll
    void start() throws Exception {
        api = new ApiFixture(1024 * 1024, true);
        // The registry is loaded with an administrator's token; everything else as the database holds it.
        try (Connection c = api.pool.getConnection()) {
            c.createStatement().execute("INSERT INTO account (id, name, role) VALUES ('root', 'root', 'admin')");
            tokens.put("admin", (String) Tokens.issue(c, "root", "test")[1]);
        }
        assertThat(send("admin", "POST", "/registry", io.liftwatch.common.registry.RegistryJson.toJson(fleet).encode())
                .statusCode()).isEqualTo(200);
        // Lift 2: Anjia maintains it, Greenfield manages it, district 320116 — within every scoped account's reach.
        Lift mine = fleet.lifts().get(2);
        assertThat(mine.maintainerId()).isEqualTo("mc-anjia");
        assertThat(mine.useUnitId()).isEqualTo("pm-greenfield");
        String elsewhere = "31103201152023010099";
        api.sql("INSERT INTO stairwell VALUES ('sw-far', '9 Far Road', '320115', 'Far', 'Far-C1', 'Far-C1-G1', 'B9', '1');"
                + " INSERT INTO lift (id, stairwell_id, floor_labels, maintainer_id, use_unit_id) VALUES ('" + elsewhere
                + "', 'sw-far', '{1,2,3}', 'mc-tongda', 'pm-residents-42');"
                + " INSERT INTO household (id, stairwell_id, flat, floor) VALUES ('sw-far-201', 'sw-far', '201', '2');"
                + " INSERT INTO alarm (id, lift_id, type, severity, status, first_seen, last_seen, count) VALUES"
                + " (1, '" + mine.id() + "', 'door_open_failure', 'major', 'raised', now(), now(), 1),"
                + " (2, '" + elsewhere + "', 'door_open_failure', 'major', 'raised', now(), now(), 1);"
                + " INSERT INTO statement (id, stairwell_id, period_from, period_to, version, pool_fen, charged_fen, scheme,"
                + " inputs) VALUES (1, '" + mine.stairwellId() + "', '2025-03-01', '2025-04-01', 1, 0, 0, '{}', '{}'),"
                + " (2, 'sw-far', '2025-03-01', '2025-04-01', 1, 0, 0, '{}', '{}');"
                + " INSERT INTO cost_item (id, stairwell_id, period_from, period_to, kind, amount_fen) VALUES"
                + " (1, '" + mine.stairwellId() + "', '2025-03-01', '2025-04-01', 'repairs', 100),"
                + " (2, 'sw-far', '2025-03-01', '2025-04-01', 'repairs', 100);"
                + " INSERT INTO account (id, name, role, organisation_id, region) VALUES"
                + " ('anjia', 'Anjia', 'maintenance', 'mc-anjia', null), ('greenfield', 'Greenfield', 'property',"
                + " 'pm-greenfield', null), ('jiangning', 'Jiangning bureau', 'bureau', null, '320116'),"
                + " ('city', 'City grid', 'city', null, null)");
        try (Connection c = api.pool.getConnection()) {
            for (String[] account : new String[][]{{"maintenance", "anjia"}, {"property", "greenfield"},
                    {"bureau", "jiangning"}, {"city", "city"}}) {
                tokens.put(account[0], (String) Tokens.issue(c, account[1], "test")[1]);
            }
            spareToken = String.valueOf(Tokens.issue(c, "root", "spare")[0]);
        }
        put("lift", mine.id(), elsewhere);
        put("stairwell", mine.stairwellId(), "sw-far");
        put("household", mine.stairwellId() + "-201", "sw-far-201");
        put("alarm", "1", "2");
        put("statement", "1", "2");
        put("cost", "1", "2");
    }

    private void put(String kind, String mine, String theirs) {
        own.put(kind, mine);
        foreign.put(kind, theirs);
    }

    @AfterAll
    void stop() throws Exception {
        api.close();
    }

    private HttpResponse<InputStream> send(String role, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.api.port() + "/api/v1"
                        + path)).timeout(Duration.ofSeconds(15))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("content-type", JSON);
        }
        if (tokens.containsKey(role)) {
            request.header("authorization", "Bearer " + tokens.get(role));
        }
        // Headers are enough to judge: the live stream never ends, so its body is never read to the end.
        return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    /** The concrete path of a route, naming own or foreign objects. */
    private String path(String route, Map<String, String> objects) {
        String kind = route.startsWith("/stairwells") ? "stairwell" : route.startsWith("/households") ? "household"
                : route.startsWith("/organisations") ? "organisation" : route.startsWith("/cards") ? "card" : "lift";
        Map<String, String> values = Map.of("lift", objects.get("lift"), "stairwell", objects.get("stairwell"),
                "household", objects.get("household"), "organisation", "mc-anjia", "card", "C3-201-1");
        return route.replace("{id}", values.get(kind)).replace("{alarmId}", objects.get("alarm"))
                .replace("{statement}", objects.get("statement")).replace("{cost}", objects.get("cost"))
                .replace("{household}", objects.get("household")).replace("{account}", "city")
                .replace("{token}", spareToken).replace("{scope}", "lift").replace("{target}", objects.get("lift"))
                .replace("{effectiveFrom}", "2030-01-01");
    }

    private List<String> servedRoutes() {
        Router router = api.api.router().getRoutes().stream().filter(r -> r.getSubRouter() != null).findFirst()
                .orElseThrow().getSubRouter();
        Set<String> routes = new TreeSet<>();
        for (Route route : router.getRoutes()) {
            if (route.getPath() != null && route.methods() != null) {
                route.methods().forEach(m -> routes.add(m.name() + " " + route.getPath().replaceAll(":([A-Za-z]+)", "{$1}")));
            }
        }
        return new ArrayList<>(routes);
    }

    @Test
    void everyEndpointAnswersEveryRoleAsTheMatrixSays() throws Exception {
        List<String> routes = servedRoutes();
        assertThat(MATRIX.keySet()).as("the matrix covers every endpoint served").containsExactlyInAnyOrderElementsOf(routes);
        List<String> wrong = new ArrayList<>();
        // Deletions last, so the objects they remove are gone only after every other call has used them.
        routes.sort((a, b) -> Boolean.compare(a.startsWith("DELETE"), b.startsWith("DELETE")));
        for (String role : ROLES) {
            for (String route : routes) {
                String entry = MATRIX.get(route);
                String method = route.substring(0, route.indexOf(' '));
                String template = route.substring(route.indexOf(' ') + 1);
                boolean scoped = entry.endsWith(" *");
                for (boolean mine : scoped ? List.of(true, false) : List.of(true)) {
                    String path = path(template, mine ? own : foreign);
                    String body = method.equals("GET") || method.equals("DELETE") ? null : "{}";
                    HttpResponse<InputStream> response = send(role, method, path, body);
                    String text;
                    try (InputStream in = response.body()) {
                        text = route.equals("GET /alarms/stream") && response.statusCode() == 200 ? ""
                                : new String(in.readAllBytes());
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
        if (status == 401 && (body.contains("API token is required") || body.contains("token is unknown or revoked"))) {
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
        JsonObject bureau = json("bureau", "/lifts?district=320115");
        JsonObject alarms = json("property", "/alarms");

        assertThat(anjia.getJsonArray("items")).isNotEmpty().allSatisfy(l ->
                assertThat(((JsonObject) l).getString("maintainerId")).isEqualTo("mc-anjia"));
        assertThat(bureau.getJsonArray("items")).isNotEmpty().allSatisfy(l ->
                assertThat(((JsonObject) l).getString("districtCode")).isEqualTo("320116"));
        assertThat(alarms.getJsonArray("items")).extracting(a -> ((JsonObject) a).getLong("id")).containsExactly(1L);
        assertThat(api.count("SELECT count(*) FROM api_write WHERE account_id = 'root' AND path = '/api/v1/registry'"))
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
        assertThat(api.count("SELECT count(*) FROM account WHERE id = 'tongda-dispatch' AND password_hash LIKE '$7$210000$%'"))
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
