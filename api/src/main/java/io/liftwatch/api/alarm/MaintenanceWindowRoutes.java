package io.liftwatch.api.alarm;

import io.liftwatch.api.Blocking;
import io.liftwatch.api.Bodies;
import io.liftwatch.api.Params;
import io.liftwatch.api.Problem;
import io.liftwatch.api.Replies;
import io.liftwatch.api.Rows;
import io.liftwatch.api.access.AccessControl;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

/**
 * Declared maintenance windows of a lift: while one is open, the lift going offline or out of normal
 * service (or being due for maintenance) is expected, and the alerts service records a suppression
 * instead of raising an alarm. A window lasts a week at most and may be ended early by the company or an
 * administrator.
 */
public final class MaintenanceWindowRoutes {
    private static final String DECLARE = """
            INSERT INTO maintenance_window (lift_id, starts_at, ends_at, declared_by, reason)
            SELECT id, ?, ?, ?, ? FROM lift WHERE id = ?
            RETURNING id, lift_id, starts_at, ends_at, declared_by, reason, declared_at""";
    private static final String LIST = """
            SELECT id, lift_id, starts_at, ends_at, declared_by, reason, declared_at, ended_early_by, ended_early_at
            FROM maintenance_window WHERE lift_id = ? ORDER BY starts_at DESC LIMIT ?""";
    /** Ends an open or future window now; one that has ended already is left as it is. */
    private static final String END = """
            UPDATE maintenance_window SET ends_at = greatest(now(), starts_at + interval '1 millisecond'),
                                          ended_early_by = ?, ended_early_at = now()
            WHERE id = ? AND ends_at > now()
            RETURNING id, lift_id, starts_at, ends_at, declared_by, reason, declared_at, ended_early_by, ended_early_at""";
    /**
     * The longest window declared at once: a week covers a modernisation's works on site; a lift out of use for
     * longer is taken out of service in the registry, not silenced.
     */
    static final Duration LONGEST_WINDOW = Duration.ofDays(7);

    private final Blocking db;

    public MaintenanceWindowRoutes(Blocking db) {
        this.db = db;
    }

    public void mount(Router api) {
        api.post("/lifts/:id/maintenance-windows").handler(this::declare);
        api.get("/lifts/:id/maintenance-windows").handler(this::list);
        api.post("/maintenance-windows/:windowId/end").handler(this::end);
    }

    private void declare(RoutingContext ctx) {
        String lift = Params.liftId(ctx);
        JsonObject body = Bodies.json(ctx);
        OffsetDateTime starts = Bodies.time(body, "startsAt");
        OffsetDateTime ends = Bodies.time(body, "endsAt");
        String reason = Bodies.text(body, "reason", 1000, true);
        String by = AccessControl.author(ctx, body);
        if (!ends.isAfter(starts)) {
            throw Problem.unprocessable("'endsAt' (" + ends + ") must be after 'startsAt' (" + starts + ")");
        }
        if (Duration.between(starts, ends).compareTo(LONGEST_WINDOW) > 0) {
            throw Problem.unprocessable("a maintenance window lasts at most " + LONGEST_WINDOW.toDays() + " days; 'startsAt' "
                    + starts + " to 'endsAt' " + ends + " is longer");
        }
        Replies.json(ctx, 201, db.run(c -> {
            var rows = Rows.query(c, DECLARE, Arrays.asList(starts, ends, by, reason, lift));
            if (rows.isEmpty()) {
                throw Problem.notFound("lift " + lift + " is not registered");
            }
            return rows.getJsonObject(0);
        }));
    }

    /** Ends a window early (the work finished, or it was declared by mistake): who and when are kept with it. */
    private void end(RoutingContext ctx) {
        String id = ctx.pathParam("windowId");
        if (!id.matches("[1-9][0-9]{0,17}")) {
            throw Problem.notFound("maintenance window " + Params.shown(id) + " does not exist");
        }
        String by = AccessControl.author(ctx, Bodies.json(ctx));
        Replies.json(ctx, db.run(c -> {
            var rows = Rows.query(c, END, List.of(by, Long.parseLong(id)));
            if (rows.isEmpty()) {
                if (Rows.query(c, "SELECT 1 FROM maintenance_window WHERE id = ?", List.of(Long.parseLong(id))).isEmpty()) {
                    throw Problem.notFound("maintenance window " + id + " does not exist");
                }
                throw Problem.conflict("maintenance window " + id + " has ended already");
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
