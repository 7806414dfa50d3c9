package io.liftwatch.api.audit;

import io.liftwatch.api.Blocking;
import io.liftwatch.api.Params;
import io.liftwatch.api.Problem;
import io.liftwatch.api.Replies;
import io.liftwatch.api.Rows;
import io.liftwatch.api.Texts;
import io.liftwatch.common.audit.AuditCheckpoint;
import io.liftwatch.common.audit.CheckpointStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Grid supervision: per district, street, community or grid cell and period — lifts, online rate, faults
 * and entrapments per 100 lifts, mean and worst technician arrival, overdue maintenance and inspections,
 * the worst lifts — and an export of the period in a fixed layout with GB/T 24476 codes.
 */
public final class GridRoutes {
    static final String EXPORT_SCHEMA = "liftwatch.grid-export/1";
    /** How the period figures count, said beside them. */
    static final String COUNTED_FROM = "each lift from its first report in the period (or entering service, if never"
            + " heard); onlinePct is the time online over the time since each lift was first heard within the period,"
            + " summed over the lifts heard by the period's end; rates per 100 lifts watched the whole period";
    private static final List<String> LEVELS = List.of("district", "street", "community", "grid");

    private final Blocking db;
    private final ZoneId zone;
    private final CheckpointStore checkpoints;

    /** @param checkpoints where the audit chain's signed checkpoints are kept, or null when there are none */
    public GridRoutes(Blocking db, ZoneId zone, CheckpointStore checkpoints) {
        this.db = db;
        this.zone = zone;
        this.checkpoints = checkpoints;
    }

    public void mount(Router api) {
        api.get("/grid").handler(this::aggregates);
        api.get("/grid/export").handler(this::export);
        api.get("/reports/monthly").handler(this::monthly);
    }

    /** A region's month for the bureau's files: {@code month=2025-06&district=…&format=csv|html}. */
    private void monthly(RoutingContext ctx) {
        java.time.YearMonth month = Params.month(ctx, "month");
        String format = Params.optional(ctx, "format") == null ? "html" : Params.optional(ctx, "format");
        if (!format.equals("html") && !format.equals("csv")) {
            throw Problem.badRequest("parameter 'format' must be html or csv, got '" + format + "'");
        }
        String district = Params.optional(ctx, "district");
        Instant[] period = {month.atDay(1).atStartOfDay(zone).toInstant(),
                month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant()};
        java.time.YearMonth reported = month;
        String contentType = format.equals("csv") ? "text/csv; charset=utf-8" : "text/html; charset=utf-8";
        Texts texts = Texts.of(ctx, zone);
        Replies.text(ctx, contentType, null, db.run(c -> {
            JsonArray lifts = observed(Rows.query(c, GridSql.LIFTS, liftParameters(period, district)), period);
            Map<String, Long> visits = new HashMap<>();
            for (Object o : Rows.query(c, GridSql.VISITS, Arrays.asList(period[0], period[1]))) {
                JsonObject row = (JsonObject) o;
                visits.put(row.getString("liftId"), row.getLong("visits"));
            }
            Map<String, List<JsonObject>> findings = new HashMap<>();
            for (Object o : Compliance.findings(c, zone, lastDay(period[1]), district, null, null, null)) {
                JsonObject finding = (JsonObject) o;
                findings.computeIfAbsent(finding.getString("liftId"), k -> new ArrayList<>()).add(finding);
            }
            Map<String, Map<String, Long>> faultTypes = new HashMap<>();
            for (Object o : Rows.query(c, GridSql.FAULTS, Arrays.asList(district, period[0], period[1]))) {
                JsonObject fault = (JsonObject) o;
                faultTypes.computeIfAbsent(fault.getString("liftId"), k -> new java.util.TreeMap<>())
                        .merge(fault.getString("code"), 1L, Long::sum);
            }
            List<MonthlyReport.Row> rows = MonthlyReport.rows(lifts, visits, findings, faultTypes, texts);
            return format.equals("csv") ? MonthlyReport.csv(rows, texts)
                    : MonthlyReport.html(reported, district == null ? texts.get("region.all")
                    : texts.get("region.district", district), rows, zone, texts);
        }));
    }

    private void aggregates(RoutingContext ctx) {
        String level = Params.optional(ctx, "level") == null ? "grid" : Params.optional(ctx, "level");
        if (!LEVELS.contains(level)) {
            throw Problem.badRequest("parameter 'level' must be one of " + LEVELS + ", got '" + level + "'");
        }
        Instant[] period = Params.period(ctx, zone, 30);
        String district = Params.optional(ctx, "district");
        Replies.json(ctx, db.run(c -> {
            JsonArray lifts = observed(Rows.query(c, GridSql.LIFTS, liftParameters(period, district)), period);
            java.util.Set<String> overdue = Compliance.overdue(c, zone, lastDay(period[1]), district);
            Map<String, List<JsonObject>> units = new LinkedHashMap<>();
            for (Object o : lifts) {
                JsonObject lift = (JsonObject) o;
                units.computeIfAbsent(unitOf(lift, level), k -> new ArrayList<>()).add(lift);
            }
            JsonArray items = new JsonArray();
            units.forEach((unit, members) -> items.add(aggregate(unit, level, members, overdue)));
            return new JsonObject().put("level", level).put("from", period[0].toString()).put("to", period[1].toString())
                    .put("countedFrom", COUNTED_FROM).put("items", items);
        }));
    }

    private static JsonObject aggregate(String unit, String level, List<JsonObject> lifts, java.util.Set<String> overdue) {
        int n = lifts.size();
        // Rates per 100 lifts are per 100 lifts watched the whole period: a lift first heard halfway counts half.
        double watched = lifts.stream().mapToDouble(l -> l.getDouble("observedShare")).sum();
        List<JsonObject> heard = lifts.stream().filter(l -> l.getDouble("observedShare") > 0).toList();
        // Time-weighted: seconds online over seconds since each lift was first heard within the period.
        double observedSeconds = heard.stream().mapToDouble(l -> l.getDouble("observedSeconds")).sum();
        double onlineSeconds = heard.stream()
                .mapToDouble(l -> Math.min(l.getDouble("observedSeconds"), onlineSeconds(l))).sum();
        long faults = lifts.stream().mapToLong(l -> l.getLong("faults")).sum();
        long entrapments = lifts.stream().mapToLong(l -> l.getLong("entrapments")).sum();
        List<Double> arrivals = new ArrayList<>();
        for (JsonObject lift : lifts) {
            if (lift.getValue("rescues") instanceof JsonArray rescues) {
                rescues.stream().map(JsonObject.class::cast).map(r -> r.getValue("arrivalSeconds"))
                        .filter(Number.class::isInstance).map(v -> ((Number) v).doubleValue()).forEach(arrivals::add);
            }
        }
        JsonArray worst = new JsonArray();
        lifts.stream().filter(l -> l.getLong("faults") + l.getLong("entrapments") > 0)
                .sorted(Comparator.comparingLong((JsonObject l) -> l.getLong("entrapments") * 5 + l.getLong("faults"))
                        .reversed().thenComparing(l -> l.getString("liftId")))
                .limit(3).forEach(l -> worst.add(new JsonObject().put("liftId", l.getString("liftId"))
                        .put("address", l.getString("address")).put("faults", l.getLong("faults"))
                        .put("entrapments", l.getLong("entrapments"))));
        return new JsonObject().put(level, unit).put("lifts", n)
                .put("liftsWatched", Math.round(100.0 * watched) / 100.0)
                .put("observedLiftDays", Math.round(10.0 * lifts.stream().mapToDouble(l -> l.getDouble("observedDays"))
                        .sum()) / 10.0)
                .put("onlinePct", observedSeconds <= 0 ? null : Math.round(1000.0 * onlineSeconds / observedSeconds) / 10.0)
                .put("onlineHours", Math.round(10.0 * onlineSeconds / 3600) / 10.0)
                .put("observedHours", Math.round(10.0 * observedSeconds / 3600) / 10.0)
                .put("faultsPer100Lifts", watched == 0 ? null : Math.round(10000.0 * faults / watched) / 100.0)
                .put("entrapmentsPer100Lifts", watched == 0 ? null : Math.round(10000.0 * entrapments / watched) / 100.0)
                .put("rescues", arrivals.size())
                .put("meanArrivalSeconds", arrivals.isEmpty() ? null
                        : Math.round(arrivals.stream().mapToDouble(Double::doubleValue).average().orElse(0)))
                .put("worstArrivalSeconds", arrivals.isEmpty() ? null
                        : Math.round(arrivals.stream().mapToDouble(Double::doubleValue).max().orElse(0)))
                .put("maintenanceOverdue", lifts.stream().filter(l -> overdue.contains(l.getString("liftId") + "/m")).count())
                .put("inspectionOverdue", lifts.stream().filter(l -> overdue.contains(l.getString("liftId") + "/i")).count())
                .put("worstLifts", worst);
    }

    private void export(RoutingContext ctx) {
        Instant[] period = Params.period(ctx, zone, 30);
        String district = Params.optional(ctx, "district");
        Replies.json(ctx, db.run(c -> {
            JsonArray lifts = Rows.query(c, GridSql.LIFTS, liftParameters(period, district));
            Map<String, JsonArray> faults = new HashMap<>();
            for (Object o : Rows.query(c, GridSql.FAULTS, Arrays.asList(district, period[0], period[1]))) {
                JsonObject fault = (JsonObject) o;
                faults.computeIfAbsent((String) fault.remove("liftId"), k -> new JsonArray()).add(fault);
            }
            Map<String, JsonArray> findings = new HashMap<>();
            for (Object o : Compliance.findings(c, zone, lastDay(period[1]), district, null, null, null)) {
                JsonObject finding = (JsonObject) o;
                findings.computeIfAbsent(finding.getString("liftId"), k -> new JsonArray())
                        .add(new JsonObject().put("finding", finding.getString("finding")).put("detail", finding.getString("detail")));
            }
            JsonArray items = new JsonArray();
            for (Object o : lifts) {
                JsonObject lift = (JsonObject) o;
                String id = lift.getString("liftId");
                items.add(new JsonObject().put("registrationCode", id).put("emergencyCode", lift.getString("emergencyId"))
                        .put("place", new JsonObject().put("district", lift.getString("districtCode"))
                                .put("street", lift.getString("street")).put("community", lift.getString("community"))
                                .put("gridCell", lift.getString("gridCell")).put("address", lift.getString("address")))
                        .put("maintainer", lift.getString("maintainerId")).put("useUnit", lift.getString("useUnitId"))
                        .put("online", lift.getBoolean("online"))
                        .put("faults", faults.getOrDefault(id, new JsonArray()))
                        .put("rescues", lift.getValue("rescues") == null ? new JsonArray() : lift.getValue("rescues"))
                        .put("findings", findings.getOrDefault(id, new JsonArray())));
            }
            return new JsonObject().put("schema", EXPORT_SCHEMA).put("generatedAt", Instant.now().toString())
                    .put("from", period[0].toString()).put("to", period[1].toString()).put("district", district)
                    .put("lifts", items).put("auditCheckpoint", latestCheckpoint());
        }));
    }

    /**
     * The newest signed checkpoint of the audit chain (all lifts' heads: its signature covers them all), so
     * a bureau that keeps its exports can later prove a rewrite; null when checkpoints are off.
     */
    private JsonObject latestCheckpoint() throws java.io.IOException {
        return checkpoints == null ? null : checkpoints.latest().map(AuditCheckpoint::toJson).orElse(null);
    }

    /**
     * Each lift's days watched within the period: from its first report (or, never heard, from entering
     * service) to the period's end or now, whichever is earlier; and that as a share of the period.
     */
    private JsonArray observed(JsonArray lifts, Instant[] period) {
        Instant end = period[1].isBefore(Instant.now()) ? period[1] : Instant.now();
        double periodSeconds = Math.max(1, period[1].getEpochSecond() - period[0].getEpochSecond());
        for (Object o : lifts) {
            JsonObject lift = (JsonObject) o;
            Instant from = period[0];
            if (lift.getString("firstSeen") != null) {
                from = max(from, Instant.parse(lift.getString("firstSeen")));
            } else if (lift.getString("serviceStart") != null) {
                from = max(from, LocalDate.parse(lift.getString("serviceStart")).atStartOfDay(zone).toInstant());
            }
            double seconds = Math.max(0, end.getEpochSecond() - from.getEpochSecond());
            lift.put("observedDays", Math.round(seconds / 8640.0) / 10.0).put("observedSeconds", seconds)
                    .put("observedShare", Math.min(1.0, seconds / periodSeconds));
        }
        return lifts;
    }

    private static double onlineSeconds(JsonObject lift) {
        Object seconds = lift.getValue("onlineSeconds");
        return seconds instanceof Number n ? n.doubleValue() : seconds == null ? 0 : Double.parseDouble(seconds.toString());
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static List<Object> liftParameters(Instant[] period, String district) {
        return GridSql.liftParameters(district, period[0], period[1]);
    }

    private LocalDate lastDay(Instant end) {
        return end.minusNanos(1).atZone(zone).toLocalDate();
    }

    private static String unitOf(JsonObject lift, String level) {
        return switch (level) {
            case "district" -> lift.getString("districtCode");
            case "street" -> lift.getString("districtCode") + "/" + lift.getString("street");
            case "community" -> lift.getString("districtCode") + "/" + lift.getString("street") + "/"
                    + lift.getString("community");
            default -> lift.getString("districtCode") + "/" + lift.getString("street") + "/"
                    + lift.getString("community") + "/" + lift.getString("gridCell");
        };
    }
}
