package io.liftwatch.api.audit;

import io.liftwatch.api.Blocking;
import io.liftwatch.api.Params;
import io.liftwatch.api.Replies;
import io.liftwatch.api.Problem;
import io.liftwatch.api.Rows;
import io.liftwatch.api.Texts;
import io.liftwatch.api.access.AccessControl;
import io.liftwatch.api.access.Principal;
import io.liftwatch.common.audit.AuditChain;
import io.liftwatch.common.audit.AuditCheckpoint;
import io.liftwatch.common.audit.CheckpointStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a bureau audits: the compliance findings of a region as of a day, with counts per finding, and
 * the verification of the audit chains within the caller's reach.
 */
public final class AuditRoutes {
    private static final String LIFTS_OF_DISTRICT = """
            SELECT l.id FROM lift l JOIN stairwell s ON s.id = l.stairwell_id WHERE s.district_code = ?""";
    private static final String LIFTS_MAINTAINED_BY = "SELECT id FROM lift WHERE maintainer_id = ?";
    private static final String LIFTS_USED_BY = "SELECT id FROM lift WHERE use_unit_id = ?";

    private final Blocking db;
    private final ZoneId zone;
    private final CheckpointStore checkpoints;

    /** @param checkpoints the audit chain's signed checkpoints, or null when there are none */
    public AuditRoutes(Blocking db, ZoneId zone, CheckpointStore checkpoints) {
        this.db = db;
        this.zone = zone;
        this.checkpoints = checkpoints;
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
        String format = Params.optional(ctx, "format");
        if ("csv".equals(format)) {
            Texts texts = Texts.of(ctx, zone);
            Replies.text(ctx, "text/csv; charset=utf-8", "compliance-" + asOf + ".csv", db.run(c ->
                    ComplianceCsv.write(Compliance.findings(c, zone, asOf, district, street, community, grid), texts)));
            return;
        }
        if (format != null && !format.equals("json")) {
            throw Problem.badRequest("parameter 'format' must be json or csv, got '" + Params.shown(format) + "'");
        }
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

    /**
     * Verifies the chains within the caller's reach (a bureau: its district's lifts), and against the newest
     * checkpoint when there is one, which catches a chain cut short or rewritten with recomputed hashes.
     */
    private void verify(RoutingContext ctx) {
        String lift = Params.optional(ctx, "lift");
        Principal principal = AccessControl.principal(ctx);
        Replies.json(ctx, db.run(c -> {
            List<String> reach = reach(c, principal);
            List<String> scope = reach;
            if (lift != null) {
                if (reach != null && !reach.contains(lift)) {
                    throw Problem.notFound("lift " + lift + " does not exist, or is not within the reach of account "
                            + principal.accountId());
                }
                scope = List.of(lift);
            }
            Optional<AuditCheckpoint> latest = checkpoints == null ? Optional.empty() : checkpoints.latest();
            AuditChain.Report report = AuditChain.verify(c, scope, latest.map(List::of).orElse(List.of()));
            JsonArray breaks = new JsonArray();
            report.breaks().forEach(b -> breaks.add(b.toJson()));
            return new JsonObject().put("intact", report.intact()).put("recordsChecked", report.recordsChecked())
                    .put("checkpoint", latest.map(cp -> new JsonObject().put("sequence", cp.sequence())
                            .put("createdAt", cp.createdAt().toString())).orElse(null))
                    .put("breaks", breaks);
        }));
    }

    /** The lifts whose chains the caller may verify; null for every lift (an administrator). */
    private static List<String> reach(Connection c, Principal principal) throws SQLException {
        String sql;
        String key;
        switch (principal.role()) {
            case ADMIN -> {
                return null;
            }
            case BUREAU -> {
                sql = LIFTS_OF_DISTRICT;
                key = principal.region();
            }
            case MAINTENANCE -> {
                sql = LIFTS_MAINTAINED_BY;
                key = principal.organisation();
            }
            case PROPERTY -> {
                sql = LIFTS_USED_BY;
                key = principal.organisation();
            }
            default -> {
                return List.of();
            }
        }
        List<String> lifts = new ArrayList<>();
        for (Object row : Rows.query(c, sql, List.of(key))) {
            lifts.add(((JsonObject) row).getString("id"));
        }
        return lifts;
    }

    /** The last day counted (default today), in the service's zone. */
    private LocalDate asOf(RoutingContext ctx) {
        return Params.asOf(ctx, zone);
    }
}
