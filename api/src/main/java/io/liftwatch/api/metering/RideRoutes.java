package io.liftwatch.api.metering;

import io.liftwatch.api.Blocking;
import io.liftwatch.api.Params;
import io.liftwatch.api.Replies;
import io.liftwatch.api.Rows;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * Counted rides per household of a stairwell over a period, the basis of metered cost sharing, with
 * totals that account for every run: runs with rides, runs whose cards were all expired or unknown, runs
 * without a card, and the presentations of expired and unknown cards that made no ride.
 */
public final class RideRoutes {
    private final Blocking db;
    private final ZoneId zone;

    public RideRoutes(Blocking db, ZoneId zone) {
        this.db = db;
        this.zone = zone;
    }

    public void mount(Router api) {
        api.get("/stairwells/:id/rides").handler(this::rides);
    }

    private void rides(RoutingContext ctx) {
        String stairwell = ctx.pathParam("id");
        Instant[] period = Params.period(ctx, zone, 30);
        Replies.json(ctx, db.run(c -> {
            JsonObject totals = Rows.query(c, RideSql.RUN_TOTALS, List.of(zone.getId(), stairwell, period[0],
                    period[1], stairwell, period[0], period[1])).getJsonObject(0);
            return totals.put("stairwellId", stairwell).put("from", period[0].toString()).put("to", period[1].toString())
                    .put("zone", zone.getId())
                    .put("households", Rows.query(c, RideSql.RIDES_PER_HOUSEHOLD, List.of(stairwell, period[0],
                            period[1], zone.getId(), stairwell)));
        }));
    }
}
