package io.liftwatch.api;

import io.liftwatch.api.access.Tokens;
import io.liftwatch.common.registry.Lift;
import io.liftwatch.common.registry.Registry;
import io.liftwatch.common.registry.RegistryJson;
import io.liftwatch.simulator.FleetPlan;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;

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

/**
 * The API with access control on, over a fleet where one lift (with its stairwell, households, an alarm,
 * a statement and a cost) lies within every scoped account's reach and another lies outside all of them;
 * a token per role, and an HTTP client that sends paths exactly as written.
 */
final class TwoTenants implements AutoCloseable {
    static final List<String> ROLES = List.of("anonymous", "city", "bureau", "property", "maintenance", "admin");

    final ApiFixture api;
    final Map<String, String> tokens = new LinkedHashMap<>();
    final Map<String, String> own = new LinkedHashMap<>();
    final Map<String, String> foreign = new LinkedHashMap<>();
    final String spareToken;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Two tenants over a fresh API, for a test class's field that {@code @AutoClose} closes. */
    static TwoTenants start() {
        try {
            return new TwoTenants();
        } catch (Exception e) {
            throw new IllegalStateException("the two tenants could not be set up", e);
        }
    }

    TwoTenants() throws Exception {
        // No alerts service runs beside the tenants: an alarm command is answered 202 at once, not after a wait.
        api = new ApiFixture(1024 * 1024, true, config -> config.withCommandWait(java.time.Duration.ZERO));
        Registry fleet = FleetPlan.generate(5, 8);
        try (Connection c = api.pool.getConnection()) {
            c.createStatement().execute("INSERT INTO account (id, name, role) VALUES ('root', 'root', 'admin')");
            tokens.put("admin", Tokens.issue(c, "root", "test", Duration.ofHours(1)).token());
        }
        int loaded = send("admin", "POST", "/registry", RegistryJson.toJson(fleet).encode()).statusCode();
        if (loaded != 200) {
            throw new IllegalStateException("the registry did not load: " + loaded);
        }
        // Lift 2: Anjia maintains it, Greenfield manages it, district 320116 — within every scoped account's reach.
        Lift mine = fleet.lifts().get(2);
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
                + " INSERT INTO maintenance_visit (id, lift_id, tier, started_at, ended_at, items, technicians, recorded_by)"
                + " VALUES (1, '" + mine.id() + "', 'half_monthly', now() - interval '2 hours', now() - interval '1 hour',"
                + " '{}', '{tech}', 'anjia'), (2, '" + elsewhere + "', 'half_monthly', now() - interval '2 hours',"
                + " now() - interval '1 hour', '{}', '{tech}', 'tongda');"
                + " INSERT INTO maintenance_window (id, lift_id, starts_at, ends_at, declared_by, reason) VALUES"
                + " (1, '" + mine.id() + "', now(), now() + interval '1 day', 'anjia', 'works'),"
                + " (2, '" + elsewhere + "', now(), now() + interval '1 day', 'tongda', 'works');"
                + " SELECT setval('maintenance_visit_id_seq', 2), setval('maintenance_window_id_seq', 2);"
                + " INSERT INTO account (id, name, role, organisation_id, region) VALUES"
                + " ('anjia', 'Anjia', 'maintenance', 'mc-anjia', null), ('greenfield', 'Greenfield', 'property',"
                + " 'pm-greenfield', null), ('jiangning', 'Jiangning bureau', 'bureau', null, '320116'),"
                + " ('city', 'City grid', 'city', null, null)");
        try (Connection c = api.pool.getConnection()) {
            for (String[] account : new String[][]{{"maintenance", "anjia"}, {"property", "greenfield"},
                    {"bureau", "jiangning"}, {"city", "city"}}) {
                tokens.put(account[0], Tokens.issue(c, account[1], "test", Duration.ofHours(1)).token());
            }
            spareToken = String.valueOf(Tokens.issue(c, "root", "spare", Duration.ofHours(1)).id());
        }
        put("lift", mine.id(), elsewhere);
        put("stairwell", mine.stairwellId(), "sw-far");
        put("household", mine.stairwellId() + "-201", "sw-far-201");
        put("alarm", "1", "2");
        put("statement", "1", "2");
        put("cost", "1", "2");
        put("visit", "1", "2");
        put("window", "1", "2");
    }

    private void put(String kind, String mine, String theirs) {
        own.put(kind, mine);
        foreign.put(kind, theirs);
    }

    /** Sends {@code path} (under /api/v1, exactly as written) as the role's account; headers only are awaited. */
    HttpResponse<InputStream> send(String role, String method, String path, String body) throws Exception {
        return sendRaw(role, method, "/api/v1" + path, body);
    }

    HttpResponse<InputStream> sendRaw(String role, String method, String rawPath, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.api.port() + rawPath))
                .timeout(Duration.ofSeconds(15))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("content-type", "application/json");
        }
        if (tokens.containsKey(role)) {
            request.header("authorization", "Bearer " + tokens.get(role));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    static String text(HttpResponse<InputStream> response) throws Exception {
        try (InputStream in = response.body()) {
            return new String(in.readAllBytes());
        }
    }

    /** The concrete path of a route, naming own or foreign objects. */
    String path(String route, Map<String, String> objects) {
        String kind = route.startsWith("/stairwells") ? "stairwell" : route.startsWith("/households") ? "household"
                : route.startsWith("/organisations") ? "organisation" : route.startsWith("/cards") ? "card" : "lift";
        Map<String, String> values = Map.of("lift", objects.get("lift"), "stairwell", objects.get("stairwell"),
                "household", objects.get("household"), "organisation", "mc-anjia", "card", "C3-201-1");
        return route.replace("{id}", values.get(kind)).replace("{alarmId}", objects.get("alarm"))
                .replace("{statement}", objects.get("statement")).replace("{cost}", objects.get("cost"))
                .replace("{visitId}", objects.get("visit")).replace("{windowId}", objects.get("window"))
                .replace("{household}", objects.get("household")).replace("{account}", "city")
                .replace("{token}", spareToken).replace("{scope}", "lift").replace("{target}", objects.get("lift"))
                .replace("{effectiveFrom}", "2030-01-01");
    }

    /** Every route the API serves, as "METHOD /template/{param}". */
    List<String> servedRoutes() {
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

    /** How many rows every table of the public schema holds together, but the write log. */
    long rowsEverywhere() throws Exception {
        StringBuilder union = new StringBuilder();
        try (Connection c = api.pool.getConnection(); var tables = c.createStatement().executeQuery(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN"
                        + " ('api_write', 'flyway_schema_history') ORDER BY tablename")) {
            while (tables.next()) {
                union.append(union.isEmpty() ? "" : " + ").append("(SELECT count(*) FROM \"").append(tables.getString(1))
                        .append("\")");
            }
        }
        return api.count("SELECT " + union);
    }

    @Override
    public void close() throws Exception {
        api.close();
    }
}
