package io.liftwatch.api.audit;

import io.liftwatch.api.Blocking;
import io.liftwatch.api.Params;
import io.liftwatch.api.Problem;
import io.liftwatch.api.Replies;
import io.liftwatch.api.Rows;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code GET /maintenance-plan}: the lifts a maintenance company must visit, per tier (half-monthly,
 * quarterly, half-yearly, yearly) and by on-demand usage, overdue first. A visit is recorded with
 * {@code POST /lifts/{id}/maintenance-visits}.
 */
public final class MaintenancePlanRoutes {
    private static final List<String> TIERS = List.of("half_monthly", "quarterly", "half_yearly", "yearly", "on_demand");
    private static final List<String> STATES = List.of("overdue", "due", "planned");

    private final Blocking db;
    private final ZoneId zone;

    public MaintenancePlanRoutes(Blocking db, ZoneId zone) {
        this.db = db;
        this.zone = zone;
    }

    public void mount(Router api) {
        api.get("/maintenance-plan").handler(this::plan);
    }

    private void plan(RoutingContext ctx) {
        String tier = oneOf(ctx, "tier", TIERS);
        String state = oneOf(ctx, "state", STATES);
        int within = Params.integer(ctx, "within", 7, 0, 90);
        int limit = Params.integer(ctx, "limit", 100, 1, 1000);
        int offset = Params.integer(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        LocalDate today = LocalDate.now(zone);
        List<Object> scope = Arrays.asList(today, today.plusDays(within), zone.getId(),
                Params.optional(ctx, "maintainer"), Params.optional(ctx, "maintainer"),
                Params.optional(ctx, "street"), Params.optional(ctx, "street"));
        List<Object> rows = new ArrayList<>(scope);
        rows.addAll(Arrays.asList(tier, tier, state, state, limit, offset));
        Replies.json(ctx, db.run(c -> new JsonObject().put("today", today.toString()).put("dueWithinDays", within)
                .put("counts", Rows.query(c, MaintenancePlanSql.COUNTS, scope))
                .put("items", Rows.query(c, MaintenancePlanSql.ROWS, rows))
                .put("limit", limit).put("offset", offset)));
    }

    private static String oneOf(RoutingContext ctx, String name, List<String> allowed) {
        String value = Params.optional(ctx, name);
        if (value != null && !allowed.contains(value)) {
            throw Problem.badRequest("parameter '" + name + "' must be one of " + allowed + ", got '" + Params.shown(value) + "'");
        }
        return value;
    }
}
