package io.liftwatch.api.audit;

import io.liftwatch.api.Blocking;
import io.liftwatch.api.Params;
import io.liftwatch.api.Replies;
import io.liftwatch.common.audit.AuditChain;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a bureau audits: the compliance findings of a region as of a day, with counts per finding, and
 * the verification of every lift's audit chain.
 */
public final class AuditRoutes {
    private final Blocking db;
    private final ZoneId zone;

    public AuditRoutes(Blocking db, ZoneId zone) {
        this.db = db;
        this.zone = zone;
    }

    public void mount(Router api) {
        api.get("/compliance").handler(this::compliance);
        api.get("/audit/verify").handler(this::verify);
    }

    private void compliance(RoutingContext ctx) {
        LocalDate asOf = asOf(ctx);
        String district = Params.optional(ctx, "district");
        String street = Params.optional(ctx, "street");
        String community = Params.optional(ctx, "community");
        String grid = Params.optional(ctx, "grid");
        Replies.json(ctx, db.run(c -> {
            JsonArray findings = Compliance.findings(c, zone, asOf, district, street, community, grid);
            Map<String, Integer> counts = new TreeMap<>();
            findings.forEach(f -> counts.merge(((JsonObject) f).getString("finding"), 1, Integer::sum));
            return new JsonObject().put("asOf", asOf.toString()).put("zone", zone.getId())
                    .put("region", new JsonObject().put("district", district).put("street", street)
                            .put("community", community).put("grid", grid))
                    .put("counts", new JsonObject(new java.util.LinkedHashMap<>(counts))).put("findings", findings);
        }));
    }

    private void verify(RoutingContext ctx) {
        String lift = Params.optional(ctx, "lift");
        Replies.json(ctx, db.run(c -> {
            AuditChain.Report report = AuditChain.verify(c, lift);
            JsonArray breaks = new JsonArray();
            report.breaks().forEach(b -> breaks.add(b.toJson()));
            return new JsonObject().put("intact", report.intact()).put("recordsChecked", report.recordsChecked())
                    .put("breaks", breaks);
        }));
    }

    /** The last day counted (default today), in the service's zone. */
    private LocalDate asOf(RoutingContext ctx) {
        return Params.asOf(ctx, zone);
    }
}
