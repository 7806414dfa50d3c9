package io.liftwatch.api.alarm;

import io.liftwatch.api.Blocking;
import io.liftwatch.api.Bodies;
import io.liftwatch.api.Params;
import io.liftwatch.api.Problem;
import io.liftwatch.api.Replies;
import io.liftwatch.api.Rows;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

/**
 * Declared maintenance windows of a lift: while one is open, the lift going offline or out of normal
 * service (or being due for maintenance) is expected, and the alerts service records a suppression
 * instead of raising an alarm.
 */
public final class MaintenanceWindowRoutes {
    private static final String DECLARE = """
            INSERT INTO maintenance_window (lift_id, starts_at, ends_at, declared_by, reason)
            SELECT id, ?, ?, ?, ? FROM lift WHERE id = ?
            RETURNING id, lift_id, starts_at, ends_at, declared_by, reason, declared_at""";
    private static final String LIST = """
            SELECT id, lift_id, starts_at, ends_at, declared_by, reason, declared_at
            FROM maintenance_window WHERE lift_id = ? ORDER BY starts_at DESC LIMIT ?""";

    private final Blocking db;

    public MaintenanceWindowRoutes(Blocking db) {
        this.db = db;
    }

    public void mount(Router api) {
        api.post("/lifts/:id/maintenance-windows").handler(this::declare);
        api.get("/lifts/:id/maintenance-windows").handler(this::list);
    }

    private void declare(RoutingContext ctx) {
        String lift = Params.liftId(ctx);
        JsonObject body = Bodies.json(ctx);
        OffsetDateTime starts = Bodies.time(body, "startsAt");
        OffsetDateTime ends = Bodies.time(body, "endsAt");
        String by = body.getString("by");
        String reason = body.getString("reason");
        if (!ends.isAfter(starts)) {
            throw Problem.unprocessable("'endsAt' (" + ends + ") must be after 'startsAt' (" + starts + ")");
        }
        if (by == null || by.isBlank() || reason == null || reason.isBlank()) {
            throw Problem.unprocessable("'by' and 'reason' are required");
        }
        Replies.json(ctx, 201, db.run(c -> {
            var rows = Rows.query(c, DECLARE, Arrays.asList(starts, ends, by, reason, lift));
            if (rows.isEmpty()) {
                throw Problem.notFound("lift " + lift + " is not registered");
            }
            return rows.getJsonObject(0);
        }));
    }

    private void list(RoutingContext ctx) {
        String lift = Params.liftId(ctx);
        int limit = Params.integer(ctx, "limit", 100, 1, 1000);
        Replies.json(ctx, db.run(c -> new JsonObject().put("items", Rows.query(c, LIST, List.of(lift, limit)))));
    }
}
