package io.liftwatch.api;

import io.liftwatch.testing.IntegrationTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every served route, called by an administrator (who reaches everything) with hostile path parameters,
 * query parameters and bodies: out-of-range dates, huge and negative numbers, wrong types, Chinese and
 * control characters, SQL. No answer may be a 5xx, and a refusal may write nothing.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RouteFuzzTest {
    private static final List<String> VALUES = List.of("0", "-1", "9223372036854775808", "+999999999-12-31",
            "99999-01-01", "-4000-01-01", "2025-02-30", "2025-13", "中文-户", "'; DROP TABLE lift; --", "\u0000",
            "x".repeat(1500), "NaN", "true", "[]");
    /** Date parameters get every value; the others a few each (a different few per parameter). */
    private static final List<String> DATE_PARAMETERS = List.of("from", "to", "asOf", "month", "until");
    private static final List<String> QUERY_PARAMETERS = List.of("limit", "offset", "lift", "severity", "status",
            "district", "format", "level", "online", "lang", "household", "party");
    private static final List<String> BODY_FIELDS = List.of("id", "by", "reason", "kind", "amountFen", "fen", "on",
            "from", "to", "periodFrom", "periodTo", "validFrom", "validTo", "startsAt", "endsAt", "startedAt", "endedAt",
            "tier", "items", "technicians", "heldOn", "inspectedOn", "nextDue", "result", "settings", "scheme", "parties",
            "label", "expiresInDays", "password", "account", "role", "flat", "floor", "areaM2", "residents",
            "tariffFenPerKwh", "corrects", "effectiveFrom", "participants", "scenario", "startsOn", "endsOn", "companyId", "floorLabels", "exemptHouseholds", "technician",
            "stairwellId", "householdId", "liftId");
    private static final List<String> COMPOUND_FIELDS = List.of("items", "technicians", "settings", "scheme",
            "parties", "participants", "floorLabels", "exemptHouseholds");
    private static final Pattern PARAMETER = Pattern.compile("\\{([A-Za-z]+)}");

    @AutoClose
    private final TwoTenants tenants = TwoTenants.start();

    @Test
    void noHostileInputReachesAServerErrorOrWritesOnRefusal() throws Exception {
        List<String> wrong = new ArrayList<>();
        long rowsBeforeReads = tenants.rowsEverywhere();
        sweep(true, wrong);
        assertThat(tenants.rowsEverywhere()).as("reads changed nothing").isEqualTo(rowsBeforeReads);
        sweep(false, wrong);
        assertThat(wrong).isEmpty();
    }

    /** Every read route, or every write route, with hostile path parameters and query parameters or bodies. */
    private void sweep(boolean reads, List<String> wrong) throws Exception {
        for (String route : tenants.servedRoutes()) {
            String method = route.substring(0, route.indexOf(' '));
            String template = route.substring(route.indexOf(' ') + 1);
            boolean read = method.equals("GET");
            if (read != reads || template.equals("/alarms/stream")) {
                continue; // the stream never ends; its parameters are the list's, fuzzed through GET /alarms
            }
            String body = method.equals("POST") || method.equals("PUT") ? "{}" : null;
            for (int v = 0; v < VALUES.size(); v++) {
                Matcher parameters = PARAMETER.matcher(template);
                while (parameters.find()) {
                    call(method, tenants.path(template.replace(parameters.group(), encodePath(VALUES.get(v))),
                            tenants.own), body, !read, wrong);
                }
            }
            String plain = tenants.path(template, tenants.own);
            if (read) {
                // Lists take every filter; a single object's reads only the period they all share.
                List<String> parameters = new ArrayList<>(DATE_PARAMETERS);
                if (!template.contains("{")) {
                    parameters.addAll(QUERY_PARAMETERS);
                }
                for (int q = 0; q < parameters.size(); q++) {
                    int step = q < DATE_PARAMETERS.size() ? 1 : 4;
                    for (int v = q % step; v < VALUES.size(); v += step) {
                        call(method, plain + "?" + parameters.get(q) + "="
                                + URLEncoder.encode(VALUES.get(v), StandardCharsets.UTF_8), null, false, wrong);
                    }
                }
            } else if (body != null) {
                for (String hostile : bodies()) {
                    call(method, plain, hostile, true, wrong);
                }
                // Each field alone with a value of the wrong JSON type: a text where a list or an object
                // belongs, a list of numbers where a single value does.
                for (String field : BODY_FIELDS) {
                    Object wrongType = COMPOUND_FIELDS.contains(field) ? "x" : new JsonArray().add(1);
                    call(method, plain, new JsonObject().put(field, wrongType).encode(), false, wrong);
                }
            }
        }
    }

    private void call(String method, String path, String body, boolean countRows, List<String> wrong) throws Exception {
        long before = countRows ? tenants.rowsEverywhere() : 0;
        HttpResponse<InputStream> response = tenants.send("admin", method, path, body);
        String text = TwoTenants.text(response);
        String shown = method + " " + Params.shown(path) + (body == null ? "" : " " + Params.shown(body));
        if (response.statusCode() >= 500) {
            wrong.add(shown + " → " + response.statusCode() + " " + Params.shown(text));
        } else if (response.statusCode() >= 400) {
            if (countRows && tenants.rowsEverywhere() != before) {
                wrong.add(shown + " → " + response.statusCode() + " but rows were written");
            }
            if (text.contains("org.postgresql") || text.contains("java.") || text.contains("io.vertx")
                    || text.contains("ERROR:")) {
                wrong.add(shown + " → the refusal names internals: " + Params.shown(text));
            }
        }
    }

    private static List<String> bodies() {
        List<String> bodies = new ArrayList<>(List.of("[]", "\"x\"", "null", "{", "{\"a\":1,\"a\":2}"));
        List<Object> hostile = List.of(9223372036854775807L, -9223372036854775807L, -1, 1.5e308, "99999-01-01",
                "-4000-01-01T00:00:00+08:00", "+999999999-12-31", "中文", "x".repeat(5000), new JsonObject().put("x", 1),
                new JsonArray().add("a").add(7), true);
        for (Object value : hostile) {
            JsonObject body = new JsonObject();
            BODY_FIELDS.forEach(field -> body.put(field, value));
            bodies.add(body.encode());
        }
        return bodies;
    }

    private static String encodePath(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
