package io.liftwatch.api.registry;

import io.liftwatch.api.Blocking;
import io.liftwatch.api.Params;
import io.liftwatch.api.Replies;
import io.liftwatch.api.Rows;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Arrays;

/**
 * {@code GET /streets}: the streets of the registry's addresses that have lifts within the caller's reach,
 * with how many, so a page can offer them as a filter without loading every lift.
 */
public final class StreetRoutes {
    private static final String STREETS = """
            SELECT s.district_code, s.street, count(*) AS lifts
            FROM lift l JOIN stairwell s ON s.id = l.stairwell_id
            WHERE (?::text IS NULL OR l.maintainer_id = ?) AND (?::text IS NULL OR l.use_unit_id = ?)
              AND (?::text IS NULL OR s.district_code = ?)
            GROUP BY s.district_code, s.street
            ORDER BY s.district_code, s.street""";

    private final Blocking db;

    public StreetRoutes(Blocking db) {
        this.db = db;
    }

    public void mount(Router api) {
        api.get("/streets").handler(this::streets);
    }

    private void streets(RoutingContext ctx) {
        String maintainer = Params.optional(ctx, "maintainer");
        String useUnit = Params.optional(ctx, "useUnit");
        String district = Params.optional(ctx, "district");
        Replies.json(ctx, db.run(c -> new JsonObject().put("items", Rows.query(c, STREETS,
                Arrays.asList(maintainer, maintainer, useUnit, useUnit, district, district)))));
    }
}
