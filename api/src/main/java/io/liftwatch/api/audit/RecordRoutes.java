package io.liftwatch.api.audit;

import io.liftwatch.api.Blocking;
import io.liftwatch.api.Bodies;
import io.liftwatch.api.Params;
import io.liftwatch.api.Problem;
import io.liftwatch.api.Replies;
import io.liftwatch.api.Rows;
import io.liftwatch.common.audit.AuditChain;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The maintenance records of a lift (TSG T5002): visits with their tier, items, findings, technicians
 * and the safety manager's confirmation — linked to the inspection-mode period the lift itself reported
 * — maintenance contracts, and emergency drills. Append-only; a visit is corrected by a new record that
 * names it, and every visit joins its lift's audit chain as it is written.
 */
public final class RecordRoutes {
    private static final Set<String> TIERS = Set.of("half_monthly", "quarterly", "half_yearly", "yearly");
    /** A technician may switch to inspection mode a little before the visit's reported start. */
    private static final String INSPECTION_MODE = """
            WITH entered AS (
                SELECT min(ts) AS at FROM lift_event
                WHERE lift_id = ? AND type = 'inspection_mode' AND ts >= ?::timestamptz - interval '30 minutes'
                  AND ts <= ?::timestamptz
            )
            SELECT entered.at AS mode_from,
                   (SELECT min(ts) FROM lift_event WHERE lift_id = ? AND type = 'back_to_normal' AND ts > entered.at)
                       AS mode_to
            FROM entered WHERE entered.at IS NOT NULL""";
    private static final String ADD_VISIT = """
            INSERT INTO maintenance_visit (lift_id, tier, started_at, ended_at, items, findings, technicians,
                                           confirmed_by, inspection_mode_from, inspection_mode_to, corrects, recorded_by)
            VALUES (?, ?, ?, ?, ?::text[], ?, ?::text[], ?, ?::timestamptz, ?::timestamptz, ?, ?) RETURNING id""";
    private static final String VISITS = """
            SELECT v.*, (SELECT c.id FROM maintenance_visit c WHERE c.corrects = v.id LIMIT 1) AS corrected_by
            FROM maintenance_visit v WHERE v.lift_id = ? ORDER BY v.started_at DESC, v.id DESC""";
    private static final String ADD_CONTRACT = """
            INSERT INTO maintenance_contract (lift_id, company_id, starts_on, ends_on, free_until, recorded_by)
            SELECT id, ?, ?, ?, ?, ? FROM lift WHERE id = ? RETURNING *""";
    private static final String CONTRACTS = "SELECT * FROM maintenance_contract WHERE lift_id = ? ORDER BY starts_on DESC";
    private static final String ADD_DRILL = """
            INSERT INTO emergency_drill (lift_id, held_on, scenario, participants, findings, recorded_by)
            SELECT id, ?, ?, ?::text[], ?, ? FROM lift WHERE id = ? RETURNING *""";
    private static final String DRILLS = "SELECT * FROM emergency_drill WHERE lift_id = ? ORDER BY held_on DESC";

    private final Blocking db;

    public RecordRoutes(Blocking db) {
        this.db = db;
    }

    public void mount(Router api) {
        api.post("/lifts/:id/maintenance-visits").handler(this::addVisit);
        api.get("/lifts/:id/maintenance-visits").handler(ctx -> list(ctx, VISITS));
        api.post("/lifts/:id/maintenance-contracts").handler(this::addContract);
        api.get("/lifts/:id/maintenance-contracts").handler(ctx -> list(ctx, CONTRACTS));
        api.post("/lifts/:id/drills").handler(this::addDrill);
        api.get("/lifts/:id/drills").handler(ctx -> list(ctx, DRILLS));
    }

    private void addVisit(RoutingContext ctx) {
        String lift = Params.liftId(ctx);
        JsonObject body = Bodies.json(ctx);
        String tier = body.getValue("tier") instanceof String t && TIERS.contains(t) ? t : null;
        if (tier == null) {
            throw Problem.unprocessable("'tier' must be one of half_monthly, quarterly, half_yearly, yearly; got "
                    + body.getValue("tier"));
        }
        OffsetDateTime started = Bodies.time(body, "startedAt");
        OffsetDateTime ended = Bodies.time(body, "endedAt");
        if (!ended.isAfter(started)) {
            throw Problem.unprocessable("'endedAt' (" + ended + ") must be after 'startedAt' (" + started + ")");
        }
        String items = textArray(body, "items", true);
        String technicians = textArray(body, "technicians", false);
        String by = required(body, "by");
        Long corrects = body.getValue("corrects") instanceof Number n ? n.longValue() : null;
        Replies.json(ctx, 201, db.transaction(c -> {
            requireLift(c, lift);
            if (corrects != null && Rows.query(c, "SELECT 1 FROM maintenance_visit WHERE id = ? AND lift_id = ?",
                    List.of(corrects, lift)).isEmpty()) {
                throw Problem.unprocessable("maintenance visit " + corrects + " is not a record of lift " + lift);
            }
            JsonArray mode = Rows.query(c, INSPECTION_MODE, List.of(lift, started, ended, lift));
            Object from = mode.isEmpty() ? null : mode.getJsonObject(0).getValue("modeFrom");
            Object to = mode.isEmpty() ? null : mode.getJsonObject(0).getValue("modeTo");
            long id = Rows.query(c, ADD_VISIT, Arrays.asList(lift, tier, started, ended, items, body.getString("findings"),
                    technicians, body.getString("confirmedBy"), from, to, corrects, by)).getJsonObject(0).getLong("id");
            AuditChain.append(c, AuditChain.Kind.MAINTENANCE_VISIT, id);
            return Rows.query(c, "SELECT * FROM maintenance_visit WHERE id = ?", List.of(id)).getJsonObject(0);
        }));
    }

    private void addContract(RoutingContext ctx) {
        String lift = Params.liftId(ctx);
        JsonObject body = Bodies.json(ctx);
        var starts = Bodies.date(body, "startsOn", "startsOn", true);
        var ends = Bodies.date(body, "endsOn", "endsOn", true);
        if (!ends.isAfter(starts)) {
            throw Problem.unprocessable("'endsOn' (" + ends + ") must be after 'startsOn' (" + starts + ")");
        }
        String company = required(body, "companyId");
        String by = required(body, "by");
        var free = Bodies.date(body, "freeUntil", "freeUntil", false);
        Replies.json(ctx, 201, db.run(c -> first(Rows.query(c, ADD_CONTRACT,
                Arrays.asList(company, starts, ends, free, by, lift)), lift)));
    }

    private void addDrill(RoutingContext ctx) {
        String lift = Params.liftId(ctx);
        JsonObject body = Bodies.json(ctx);
        var held = Bodies.date(body, "heldOn", "heldOn", true);
        String scenario = required(body, "scenario");
        String participants = textArray(body, "participants", false);
        String by = required(body, "by");
        Replies.json(ctx, 201, db.run(c -> first(Rows.query(c, ADD_DRILL,
                Arrays.asList(held, scenario, participants, body.getString("findings"), by, lift)), lift)));
    }

    private void list(RoutingContext ctx, String sql) {
        String lift = Params.liftId(ctx);
        Replies.json(ctx, db.run(c -> new JsonObject().put("liftId", lift).put("items", Rows.query(c, sql, List.of(lift)))));
    }

    private static JsonObject first(JsonArray inserted, String lift) {
        if (inserted.isEmpty()) {
            throw Problem.notFound("lift " + lift + " is not registered");
        }
        return inserted.getJsonObject(0);
    }

    private static void requireLift(Connection c, String lift) throws SQLException {
        if (Rows.query(c, "SELECT 1 FROM lift WHERE id = ?", List.of(lift)).isEmpty()) {
            throw Problem.notFound("lift " + lift + " is not registered");
        }
    }

    private static String required(JsonObject body, String field) {
        if (!(body.getValue(field) instanceof String value) || value.isBlank()) {
            throw Problem.unprocessable("'" + field + "' is required");
        }
        return value;
    }

    /** A non-empty array of strings, as a PostgreSQL array literal. */
    private static String textArray(JsonObject body, String field, boolean mayBeEmpty) {
        if (!(body.getValue(field) instanceof JsonArray array) || (!mayBeEmpty && array.isEmpty())
                || !array.stream().allMatch(String.class::isInstance)) {
            throw Problem.unprocessable("'" + field + "' must be " + (mayBeEmpty ? "an" : "a non-empty")
                    + " array of strings");
        }
        StringBuilder literal = new StringBuilder("{");
        for (int i = 0; i < array.size(); i++) {
            literal.append(i == 0 ? "" : ",").append('"')
                    .append(array.getString(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return literal.append('}').toString();
    }
}
