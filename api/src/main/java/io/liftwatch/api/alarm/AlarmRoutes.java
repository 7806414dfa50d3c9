package io.liftwatch.api.alarm;

import io.liftwatch.api.Blocking;
import io.liftwatch.api.Bodies;
import io.liftwatch.api.Params;
import io.liftwatch.api.Problem;
import io.liftwatch.api.Replies;
import io.liftwatch.api.Rows;
import io.liftwatch.api.access.AccessControl;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;

/**
 * Alarms as the alerts service keeps them: open ones critical first, each alarm's history, and a
 * person's acknowledgement or clearing; for an entrapment, the technician dispatched and arrived, and the
 * release (a clear with its cause). Each command is recorded as the signed-in account that sent it.
 */
public final class AlarmRoutes {
    /** The severities a list or the live stream may be narrowed to. */
    static final List<String> SEVERITIES = java.util.Arrays.stream(io.liftwatch.common.taxonomy.Severity.values())
            .map(s -> s.name().toLowerCase(java.util.Locale.ROOT)).toList();
    /** Every filter is optional (null for any); {@code all_statuses} false keeps to alarms not cleared. */
    private static final String ALARMS = """
            WITH p AS (SELECT ?::boolean AS all_statuses, ?::text AS lift, ?::text AS severity, ?::text AS maintainer,
                              ?::text AS use_unit, ?::text AS district, ?::text AS street, ?::bigint AS alarm)
            SELECT a.id, a.lift_id, a.type, a.severity, a.status, a.first_seen, a.last_seen, a.count,
                   a.acknowledged_at, a.acknowledged_by, a.cleared_at, a.cleared_by, a.clear_reason, a.sources,
                   a.open_sources,
                   s.district_code, s.street, s.community, s.grid_cell, s.address, l.maintainer_id
            FROM p CROSS JOIN alarm a
            LEFT JOIN lift l ON l.id = a.lift_id
            LEFT JOIN stairwell s ON s.id = l.stairwell_id
            WHERE (p.all_statuses OR a.status <> 'cleared') AND (p.alarm IS NULL OR a.id = p.alarm)
              AND (p.lift IS NULL OR a.lift_id = p.lift) AND (p.severity IS NULL OR a.severity = p.severity)
              AND (p.maintainer IS NULL OR l.maintainer_id = p.maintainer) AND (p.use_unit IS NULL OR l.use_unit_id = p.use_unit)
              AND (p.district IS NULL OR s.district_code = p.district) AND (p.street IS NULL OR s.street = p.street)
            ORDER BY CASE a.severity WHEN 'critical' THEN 0 WHEN 'major' THEN 1 WHEN 'minor' THEN 2 ELSE 3 END,
                     a.first_seen, a.id
            LIMIT ?""";
    private static final String EVENTS = """
            SELECT id, kind, at, recorded_at, actor, source, detail, source_boot, source_seq, command_id
            FROM alarm_event WHERE alarm_id = ? ORDER BY id""";

    private static final String REQUEST = """
            INSERT INTO alarm_command (alarm_id, action, actor, reason, technician)
            SELECT id, ?, ?, ?, ? FROM alarm WHERE id = ? RETURNING id""";
    private static final String OUTCOME = "SELECT kind, detail FROM alarm_event WHERE command_id = ?";
    private static final long POLL_MILLIS = 50;

    private final Vertx vertx;
    private final Blocking db;
    private final long waitMillis;

    /** @param wait how long a command's call waits for the alerts service to apply it before answering 202 */
    public AlarmRoutes(Vertx vertx, Blocking db, java.time.Duration wait) {
        this.vertx = vertx;
        this.db = db;
        this.waitMillis = wait.toMillis();
    }

    public void mount(Router api) {
        api.get("/alarms").handler(this::alarms);
        api.get("/alarms/:alarmId/events").handler(this::events);
        api.post("/alarms/:alarmId/acknowledge").handler(ctx -> command(ctx, "acknowledge"));
        api.post("/alarms/:alarmId/clear").handler(ctx -> command(ctx, "clear"));
        api.post("/alarms/:alarmId/arrived").handler(ctx -> command(ctx, "arrived"));
        api.post("/alarms/:alarmId/dispatch").handler(ctx -> command(ctx, "dispatch"));
        api.get("/rescues").handler(this::rescues);
        api.get("/notifications").handler(this::notifications);
    }

    private static final String NOTIFICATIONS = """
            WITH p AS (SELECT ?::text AS status)
            SELECT n.id, n.event_id, n.channel, n.target, n.created_at, n.attempts, n.next_attempt_at, n.delivered_at,
                   n.last_error, e.alarm_id, e.lift_id, e.type, e.kind
            FROM p CROSS JOIN notification n JOIN alarm_event e ON e.id = n.event_id
            WHERE (p.status IS NULL OR (p.status = 'delivered') = (n.delivered_at IS NOT NULL))
            ORDER BY n.id DESC LIMIT ?""";

    /** The delivery log of webhooks and MQTT republishing: attempts, last error, delivery time. */
    private void notifications(RoutingContext ctx) {
        String status = Params.optional(ctx, "status");
        if (status != null && !status.equals("pending") && !status.equals("delivered")) {
            throw Problem.badRequest("parameter 'status' must be pending or delivered, got '" + status + "'");
        }
        int limit = Params.integer(ctx, "limit", 200, 1, 10_000);
        Replies.json(ctx, db.run(c -> new JsonObject().put("items",
                Rows.query(c, NOTIFICATIONS, Arrays.asList(status, limit)))));
    }

    private static final String RESCUES = """
            WITH p AS (SELECT ?::timestamptz AS period_start, ?::timestamptz AS period_end, ?::text AS lift,
                              ?::text AS maintainer, ?::text AS use_unit, ?::text AS district, ?::boolean AS open)
            SELECT r.alarm_id, r.lift_id, r.raised_at, r.acknowledged_at, r.escalated_at, r.dispatched_at,
                   r.dispatched_to, r.dispatched_by, r.arrived_at, r.arrived_by, r.released_at, r.cause,
                   r.arrival_breached_at, (extract(epoch FROM r.arrival_limit) / 60)::int AS arrival_limit_minutes,
                   extract(epoch FROM r.dispatched_at - r.raised_at)::int AS dispatch_seconds,
                   extract(epoch FROM r.arrived_at - r.raised_at)::int AS arrival_seconds,
                   extract(epoch FROM r.released_at - r.raised_at)::int AS release_seconds
            FROM p CROSS JOIN rescue r JOIN lift l ON l.id = r.lift_id JOIN stairwell s ON s.id = l.stairwell_id
            WHERE (CASE WHEN p.open THEN r.released_at IS NULL
                        ELSE r.raised_at >= p.period_start AND r.raised_at < p.period_end END)
              AND (p.lift IS NULL OR r.lift_id = p.lift)
              AND (p.maintainer IS NULL OR l.maintainer_id = p.maintainer) AND (p.use_unit IS NULL OR l.use_unit_id = p.use_unit)
              AND (p.district IS NULL OR s.district_code = p.district)
            ORDER BY r.raised_at DESC LIMIT ?""";

    /**
     * Every entrapment's rescue clock in the period: who was dispatched, the limit it ran on, and the
     * times to dispatch, arrive and release in seconds. {@code open=true}: every rescue not yet released, however
     * long ago it was raised (a board must not lose a trapped passenger to its period).
     */
    private void rescues(RoutingContext ctx) {
        java.time.Instant[] period = Params.period(ctx, java.time.ZoneId.of("UTC"), 30);
        String lift = Params.optional(ctx, "lift");
        String maintainer = Params.optional(ctx, "maintainer");
        String useUnit = Params.optional(ctx, "useUnit");
        String district = Params.optional(ctx, "district");
        boolean open = Boolean.TRUE.equals(Params.bool(ctx, "open"));
        int limit = Params.integer(ctx, "limit", 200, 1, 10_000);
        Replies.json(ctx, db.run(c -> new JsonObject().put("items", Rows.query(c, RESCUES,
                Arrays.asList(period[0], period[1], lift, maintainer, useUnit, district, open, limit)))));
    }

    /**
     * Records the request and signals the alerts service, which owns the alarm and applies it in order
     * with the lifts' messages; answers with the alarm once applied, 409 if refused, or 202 if the alerts
     * service has not applied it within the configured wait (it will when it runs).
     */
    private void command(RoutingContext ctx, String action) {
        long alarm = alarmId(ctx);
        JsonObject body = ctx.body().isEmpty() ? new JsonObject() : Bodies.json(ctx);
        String by = AccessControl.author(ctx, body);
        String reason = body.getValue("reason") instanceof String text ? text : null;
        String technician = body.getValue("technician") instanceof String text ? text : null;
        if (action.equals("clear") && (reason == null || reason.isBlank())) {
            throw Problem.unprocessable("'reason' is required to clear an alarm by hand");
        }
        if (action.equals("dispatch") && (technician == null || technician.isBlank() || technician.length() > 100)) {
            throw Problem.unprocessable("'technician' must name who is sent to the lift (1..100 characters)");
        }
        db.run(c -> {
            Long command;
            try (PreparedStatement insert = c.prepareStatement(REQUEST); Statement notify = c.createStatement()) {
                insert.setString(1, action);
                insert.setString(2, by);
                insert.setString(3, reason);
                insert.setString(4, action.equals("dispatch") ? technician : null);
                insert.setLong(5, alarm);
                try (ResultSet rows = insert.executeQuery()) {
                    command = rows.next() ? rows.getLong(1) : null;
                }
                notify.execute("NOTIFY alarm_command");
            }
            if (command == null) {
                throw Problem.notFound("alarm " + alarm + " does not exist");
            }
            return command;
        }).onSuccess(command -> awaitOutcome(ctx, alarm, command, System.currentTimeMillis() + waitMillis))
                .onFailure(ctx::fail);
    }

    private void awaitOutcome(RoutingContext ctx, long alarm, long command, long deadline) {
        db.run(c -> Rows.query(c, OUTCOME, List.of(command))).onComplete(result -> {
            if (result.failed()) {
                ctx.fail(result.cause());
            } else if (!result.result().isEmpty()) {
                JsonObject outcome = result.result().getJsonObject(0);
                if (outcome.getString("kind").equals("refused")) {
                    ctx.fail(Problem.conflict(outcome.getString("detail")));
                } else {
                    Replies.json(ctx, db.run(c -> Rows.query(c, ALARMS,
                            Arrays.asList(true, null, null, null, null, null, null, alarm, 1))
                            .getJsonObject(0)));
                }
            } else if (System.currentTimeMillis() > deadline) {
                ctx.response().setStatusCode(202).putHeader("content-type", "application/json")
                        .end(new JsonObject().put("commandId", command).put("status", "pending").encode());
            } else {
                vertx.setTimer(POLL_MILLIS, id -> awaitOutcome(ctx, alarm, command, deadline));
            }
        });
    }

    private static long alarmId(RoutingContext ctx) {
        try {
            return Long.parseLong(ctx.pathParam("alarmId"));
        } catch (NumberFormatException e) {
            throw Problem.badRequest("alarm id '" + ctx.pathParam("alarmId") + "' is not a number");
        }
    }

    private void alarms(RoutingContext ctx) {
        String status = Params.optional(ctx, "status");
        if (status != null && !status.equals("open") && !status.equals("all")) {
            throw Problem.badRequest("parameter 'status' must be open or all, got '" + status + "'");
        }
        boolean all = "all".equals(status);
        String lift = Params.optional(ctx, "lift");
        String severity = Params.oneOf(ctx, "severity", SEVERITIES);
        String maintainer = Params.optional(ctx, "maintainer");
        String useUnit = Params.optional(ctx, "useUnit");
        String district = Params.optional(ctx, "district");
        String street = Params.optional(ctx, "street");
        int limit = Params.integer(ctx, "limit", 200, 1, 10_000);
        Replies.json(ctx, db.run(c -> new JsonObject().put("items", Rows.query(c, ALARMS,
                Arrays.asList(all, lift, severity, maintainer, useUnit, district, street, null, limit)))));
    }

    private void events(RoutingContext ctx) {
        long id = alarmId(ctx);
        Replies.json(ctx, db.run(c -> new JsonObject().put("alarmId", id)
                .put("items", Rows.query(c, EVENTS, List.of(id)))));
    }
}
