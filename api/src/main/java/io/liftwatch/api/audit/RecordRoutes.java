package io.liftwatch.api.audit;

import io.liftwatch.api.Blocking;
import io.liftwatch.api.Bodies;
import io.liftwatch.api.Params;
import io.liftwatch.api.Problem;
import io.liftwatch.api.Replies;
import io.liftwatch.api.Rows;
import io.liftwatch.api.access.AccessControl;
import io.liftwatch.common.audit.AuditChain;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneId;
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
    /** A visit's confirmation is its own record; visits recorded before it existed may carry confirmed_by. */
    private static final String VISITS = """
            SELECT v.id, v.lift_id, v.tier, v.started_at, v.ended_at, v.items, v.findings, v.technicians,
                   coalesce(f.confirmed_by, v.confirmed_by) AS confirmed_by, f.confirmed_at, f.note AS confirmation_note,
                   v.inspection_mode_from, v.inspection_mode_to, v.corrects, v.recorded_by, v.recorded_at,
                   (SELECT c.id FROM maintenance_visit c WHERE c.corrects = v.id LIMIT 1) AS corrected_by
            FROM maintenance_visit v LEFT JOIN maintenance_visit_confirmation f ON f.visit_id = v.id
            WHERE v.lift_id = ? ORDER BY v.started_at DESC, v.id DESC""";
    private static final String VISIT = """
            SELECT v.lift_id, v.confirmed_by, f.confirmed_by AS confirmation_by, f.confirmed_at
            FROM maintenance_visit v LEFT JOIN maintenance_visit_confirmation f ON f.visit_id = v.id WHERE v.id = ?""";
    private static final String CONFIRM = """
            INSERT INTO maintenance_visit_confirmation (visit_id, lift_id, confirmed_by, note) VALUES (?, ?, ?, ?)
            RETURNING id, visit_id, lift_id, confirmed_by, note, confirmed_at""";
    /** The longest visit one record may claim; a longer job is recorded as one visit per day. */
    static final Duration LONGEST_VISIT = Duration.ofHours(24);
    /** How far ahead of the API's clock a technician's device may be when it reports the end of a visit. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final String ADD_CONTRACT = """
            INSERT INTO maintenance_contract (lift_id, company_id, starts_on, ends_on, free_until, recorded_by)
            SELECT id, ?, ?, ?, ?, ? FROM lift WHERE id = ? RETURNING *""";
    private static final String MAINTAINER = "SELECT 1 FROM organisation WHERE id = ? AND kind = 'maintenance'";
    private static final String CONTRACTS = "SELECT * FROM maintenance_contract WHERE lift_id = ? ORDER BY starts_on DESC";
    private static final String ADD_DRILL = """
            INSERT INTO emergency_drill (lift_id, held_on, scenario, participants, findings, recorded_by)
            SELECT id, ?, ?, ?::text[], ?, ? FROM lift WHERE id = ? RETURNING *""";
    private static final String DRILLS = "SELECT * FROM emergency_drill WHERE lift_id = ? ORDER BY held_on DESC";

    /** The longest maintenance contract recorded at once (TSG T5002 contracts run a year or a few). */
    static final Period LONGEST_CONTRACT = Period.ofYears(10);

    private final Blocking db;
    private final ZoneId zone;

    public RecordRoutes(Blocking db, ZoneId zone) {
        this.db = db;
        this.zone = zone;
    }

    public void mount(Router api) {
        api.post("/lifts/:id/maintenance-visits").handler(this::addVisit);
        api.post("/maintenance-visits/:visitId/confirmation").handler(this::confirm);
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
        checkVisitTimes(started, ended, Instant.now());
        if (body.containsKey("confirmedBy")) {
            throw Problem.unprocessable("'confirmedBy' is not the maintenance company's to write: the lift's use unit"
                    + " confirms a visit with POST /maintenance-visits/{id}/confirmation");
        }
        String items = textArray(body, "items", true);
        String technicians = textArray(body, "technicians", false);
        String by = AccessControl.author(ctx, body);
        Long corrects = Bodies.recordId(body, "corrects");
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
                    technicians, null, from, to, corrects, by)).getJsonObject(0).getLong("id");
            AuditChain.append(c, AuditChain.Kind.MAINTENANCE_VISIT, id);
            return Rows.query(c, "SELECT * FROM maintenance_visit WHERE id = ?", List.of(id)).getJsonObject(0);
        }));
    }

    /** A visit that has happened: not after now (with a little skew), ending after it starts, a day at most. */
    static void checkVisitTimes(OffsetDateTime started, OffsetDateTime ended, Instant now) {
        Instant latest = now.plus(CLOCK_SKEW);
        if (started.toInstant().isAfter(latest) || ended.toInstant().isAfter(latest)) {
            throw Problem.unprocessable("a visit is recorded once it has happened: 'startedAt' and 'endedAt' must not"
                    + " be later than now (" + now + ", " + CLOCK_SKEW.toMinutes() + " minutes of clock skew allowed)");
        }
        if (!ended.isAfter(started)) {
            throw Problem.unprocessable("'endedAt' (" + ended + ") must be after 'startedAt' (" + started + ")");
        }
        if (Duration.between(started, ended).compareTo(LONGEST_VISIT) > 0) {
            throw Problem.unprocessable("a visit lasts at most " + LONGEST_VISIT.toHours() + " hours; 'startedAt' "
                    + started + " to 'endedAt' " + ended + " is longer (record one visit per day)");
        }
    }

    /**
     * The use unit's safety manager confirms a visit (TSG T5002), once; the confirmation is written in the
     * signed-in account's name and joins the lift's audit chain beside the visit.
     */
    private void confirm(RoutingContext ctx) {
        long visit = visitId(ctx);
        JsonObject body = Bodies.json(ctx);
        String note = Bodies.text(body, "note", 1000, false);
        String by = AccessControl.author(ctx, body);
        Replies.json(ctx, 201, db.transaction(c -> {
            JsonArray found = Rows.query(c, VISIT, List.of(visit));
            if (found.isEmpty()) {
                throw Problem.notFound("maintenance visit " + visit + " does not exist");
            }
            JsonObject row = found.getJsonObject(0);
            String already = row.getString("confirmationBy") != null ? row.getString("confirmationBy")
                    : row.getString("confirmedBy");
            if (already != null) {
                throw Problem.conflict("maintenance visit " + visit + " is confirmed already, by " + already);
            }
            JsonObject confirmation = Rows.query(c, CONFIRM, Arrays.asList(visit, row.getString("liftId"), by, note))
                    .getJsonObject(0);
            AuditChain.append(c, AuditChain.Kind.VISIT_CONFIRMATION, confirmation.getLong("id"));
            return confirmation;
        }));
    }

    private static long visitId(RoutingContext ctx) {
        String id = ctx.pathParam("visitId");
        if (!id.matches("[1-9][0-9]{0,17}")) {
            throw Problem.notFound("maintenance visit " + Params.shown(id) + " does not exist");
        }
        return Long.parseLong(id);
    }

    private void addContract(RoutingContext ctx) {
        String lift = Params.liftId(ctx);
        JsonObject body = Bodies.json(ctx);
        var starts = Bodies.date(body, "startsOn", "startsOn", true);
        var ends = Bodies.date(body, "endsOn", "endsOn", true);
        if (!ends.isAfter(starts) || ends.isAfter(starts.plus(LONGEST_CONTRACT))) {
            throw Problem.unprocessable("'endsOn' (" + ends + ") must be after 'startsOn' (" + starts + ") and at most "
                    + LONGEST_CONTRACT.getYears() + " years later");
        }
        String company = required(body, "companyId");
        String by = AccessControl.author(ctx, body);
        var free = Bodies.date(body, "freeUntil", "freeUntil", false);
        if (free != null && (free.isBefore(starts) || free.isAfter(ends))) {
            throw Problem.unprocessable("'freeUntil' (" + free + ") must lie within the contract, " + starts + " to " + ends);
        }
        Replies.json(ctx, 201, db.transaction(c -> {
            if (Rows.query(c, MAINTAINER, List.of(company)).isEmpty()) {
                throw Problem.unprocessable("'companyId' " + Params.shown(company)
                        + " is not a registered maintenance company (organisation of kind maintenance)");
            }
            return first(Rows.query(c, ADD_CONTRACT, Arrays.asList(company, starts, ends, free, by, lift)), lift);
        }));
    }

    private void addDrill(RoutingContext ctx) {
        String lift = Params.liftId(ctx);
        JsonObject body = Bodies.json(ctx);
        var held = Bodies.date(body, "heldOn", "heldOn", true);
        if (held.isAfter(LocalDate.now(zone))) {
            throw Problem.unprocessable("'heldOn' (" + held + ") is after today: a drill is recorded once it was held");
        }
        String scenario = required(body, "scenario");
        String participants = textArray(body, "participants", false);
        String by = AccessControl.author(ctx, body);
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
