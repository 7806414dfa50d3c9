package io.liftwatch.api.alarm;

import io.liftwatch.api.Blocking;
import io.liftwatch.api.Params;
import io.liftwatch.api.Problem;
import io.liftwatch.api.Replies;
import io.liftwatch.api.Rows;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Arrays;
import java.util.List;

/** Alarms as the alerts service keeps them: open ones critical first, and each alarm's history. */
public final class AlarmRoutes {
    private static final String ALARMS = """
            SELECT a.id, a.lift_id, a.type, a.severity, a.status, a.first_seen, a.last_seen, a.count,
                   a.acknowledged_at, a.acknowledged_by, a.cleared_at, a.cleared_by, a.clear_reason,
                   s.district_code, s.street, s.community, s.grid_cell, s.address, l.maintainer_id
            FROM alarm a
            LEFT JOIN lift l ON l.id = a.lift_id
            LEFT JOIN stairwell s ON s.id = l.stairwell_id
            WHERE (?::boolean OR a.status <> 'cleared')
              AND (?::text IS NULL OR a.lift_id = ?)
              AND (?::text IS NULL OR a.severity = ?)
              AND (?::text IS NULL OR l.maintainer_id = ?)
            ORDER BY CASE a.severity WHEN 'critical' THEN 0 WHEN 'major' THEN 1 WHEN 'minor' THEN 2 ELSE 3 END,
                     a.first_seen, a.id
            LIMIT ?""";
    private static final String EVENTS = """
            SELECT id, kind, at, recorded_at, actor, detail, source_boot, source_seq
            FROM alarm_event WHERE alarm_id = ? ORDER BY id""";

    private final Blocking db;

    public AlarmRoutes(Blocking db) {
        this.db = db;
    }

    public void mount(Router api) {
        api.get("/alarms").handler(this::alarms);
        api.get("/alarms/:alarmId/events").handler(this::events);
    }

    private void alarms(RoutingContext ctx) {
        String status = Params.optional(ctx, "status");
        if (status != null && !status.equals("open") && !status.equals("all")) {
            throw Problem.badRequest("parameter 'status' must be open or all, got '" + status + "'");
        }
        boolean all = "all".equals(status);
        String lift = Params.optional(ctx, "lift");
        String severity = Params.optional(ctx, "severity");
        String maintainer = Params.optional(ctx, "maintainer");
        int limit = Params.integer(ctx, "limit", 200, 1, 10_000);
        Replies.json(ctx, db.run(c -> new JsonObject().put("items", Rows.query(c, ALARMS,
                Arrays.asList(all, lift, lift, severity, severity, maintainer, maintainer, limit)))));
    }

    private void events(RoutingContext ctx) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("alarmId"));
        } catch (NumberFormatException e) {
            throw Problem.badRequest("alarm id '" + ctx.pathParam("alarmId") + "' is not a number");
        }
        Replies.json(ctx, db.run(c -> new JsonObject().put("alarmId", id)
                .put("items", Rows.query(c, EVENTS, List.of(id)))));
    }
}
