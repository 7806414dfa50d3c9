package io.liftwatch.api.alarm;

import io.liftwatch.api.Blocking;
import io.liftwatch.api.Bodies;
import io.liftwatch.api.Params;
import io.liftwatch.api.Problem;
import io.liftwatch.api.Replies;
import io.liftwatch.api.Rows;
import io.liftwatch.api.access.AccessControl;
import io.liftwatch.common.rules.RuleSettings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/**
 * Alarm rule thresholds per district (the six-digit area code: TSG T5002's rescue arrival limit is 30
 * minutes in a city with districts, one hour elsewhere), per lift model and per lift, over the alerts
 * service's defaults. Each override
 * is checked as it is written (known keys, values in range, a clear level below its raise level, a lift or model
 * that is registered); the
 * alerts service picks changes up within 30 seconds. Each keeps the signed-in account that wrote it.
 */
public final class RuleSettingRoutes {
    private static final String LIST = """
            SELECT scope, target, settings, updated_by, updated_at FROM rule_setting ORDER BY scope, target""";
    private static final String PUT = """
            INSERT INTO rule_setting (scope, target, settings, updated_by) VALUES (?, ?, ?::jsonb, ?)
            ON CONFLICT (scope, target) DO UPDATE SET settings = EXCLUDED.settings, updated_by = EXCLUDED.updated_by,
                                                      updated_at = now()
            RETURNING scope, target, settings, updated_by, updated_at""";
    private static final String DELETE = "DELETE FROM rule_setting WHERE scope = ? AND target = ?";
    private static final String MODEL_IN_USE = "SELECT 1 FROM lift WHERE model = ? LIMIT 1";
    private static final String LIFT_OVERRIDES = """
            SELECT model, model_settings, lift_settings, district_code, district_settings
            FROM lift_rule_overrides WHERE lift_id = ?""";

    private final Blocking db;

    public RuleSettingRoutes(Blocking db) {
        this.db = db;
    }

    public void mount(Router api) {
        api.get("/rule-settings").handler(this::list);
        api.put("/rule-settings/:scope/:target").handler(this::put);
        api.delete("/rule-settings/:scope/:target").handler(this::delete);
        api.get("/lifts/:id/rule-settings").handler(this::effective);
    }

    private void list(RoutingContext ctx) {
        Replies.json(ctx, db.run(c -> new JsonObject().put("defaults", RuleSettings.defaults().toJson())
                .put("items", Rows.query(c, LIST, List.of()))));
    }

    private void put(RoutingContext ctx) {
        String scope = scope(ctx);
        String target = ctx.pathParam("target");
        JsonObject body = Bodies.json(ctx);
        JsonObject settings = body.getValue("settings") instanceof JsonObject s ? s : null;
        if (settings == null || settings.isEmpty()) {
            throw Problem.unprocessable("'settings' (an object of the thresholds to override) is required");
        }
        String by = AccessControl.author(ctx, body);
        try {
            RuleSettings.checkOverrides(settings);
        } catch (IllegalArgumentException e) {
            throw Problem.unprocessable(e.getMessage());
        }
        Replies.json(ctx, db.run(c -> {
            if (scope.equals("lift") && Rows.query(c, "SELECT 1 FROM lift WHERE id = ?", List.of(target)).isEmpty()) {
                throw Problem.notFound("lift " + target + " is not registered");
            }
            // A misspelt model would keep settings that never apply to any lift.
            if (scope.equals("model") && Rows.query(c, MODEL_IN_USE, List.of(target)).isEmpty()) {
                throw Problem.notFound("no registered lift is of model '" + target + "'");
            }
            if (scope.equals("district") && !target.matches("[0-9]{6}")) {
                throw Problem.unprocessable("a district is its six-digit area code (GB/T 2260), not '" + target + "'");
            }
            return Rows.query(c, PUT, List.of(scope, target, settings.encode(), by)).getJsonObject(0);
        }));
    }

    private void delete(RoutingContext ctx) {
        String scope = scope(ctx);
        String target = ctx.pathParam("target");
        Replies.noContent(ctx, db.run(c -> {
            if (Rows.update(c, DELETE, List.of(scope, target)) == 0) {
                throw Problem.notFound("no " + scope + " settings for " + target);
            }
            return null;
        }));
    }

    /** The thresholds that apply to one lift, and where each layer comes from (district, model, lift). */
    private void effective(RoutingContext ctx) {
        String lift = Params.liftId(ctx);
        Replies.json(ctx, db.run(c -> {
            JsonArray rows = Rows.query(c, LIFT_OVERRIDES, List.of(lift));
            if (rows.isEmpty()) {
                throw Problem.notFound("lift " + lift + " is not registered");
            }
            JsonObject row = rows.getJsonObject(0);
            RuleSettings effective = RuleSettings.defaults().with(row.getJsonObject("districtSettings"),
                    row.getJsonObject("modelSettings"), row.getJsonObject("liftSettings"));
            return new JsonObject().put("liftId", lift).put("model", row.getString("model"))
                    .put("districtCode", row.getString("districtCode"))
                    .put("districtSettings", row.getValue("districtSettings"))
                    .put("modelSettings", row.getValue("modelSettings")).put("liftSettings", row.getValue("liftSettings"))
                    .put("effective", effective.toJson());
        }));
    }

    private static String scope(RoutingContext ctx) {
        String scope = ctx.pathParam("scope");
        if (!scope.equals("district") && !scope.equals("model") && !scope.equals("lift")) {
            throw Problem.notFound("settings are kept per 'district', 'model' or 'lift', not per '" + scope + "'");
        }
        return scope;
    }
}
