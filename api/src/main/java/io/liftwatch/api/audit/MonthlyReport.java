package io.liftwatch.api.audit;

import io.liftwatch.api.Csv;
import io.liftwatch.api.Texts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A region's month as a bureau files it: one row per lift — the days it was watched, maintenance visits,
 * faults, entrapments, rescues and their worst arrival, the compliance findings at the month's end, and
 * its faults by type with their GB/T 24476 numbers — as CSV, or as a printable page with the totals
 * first, in the reader's language.
 */
final class MonthlyReport {
    private static final List<String> COLUMNS = List.of("registration_code", "address", "street", "community",
            "grid_cell", "maintainer", "visits", "faults", "entrapments", "rescues", "worst_arrival_min",
            "findings", "observed_days", "fault_types");
    private static final int VISITS = 6;
    private static final int ENTRAPMENTS = 8;
    private static final int FINDINGS = 11;
    private static final int OBSERVED = 12;

    /** A lift's month: its row as printed, and whether a finding was a late rescue. */
    record Row(List<String> cells, boolean lateRescue) {
    }

    private MonthlyReport() {
    }

    /**
     * The rows, from the grid query's lifts, visit counts, findings (with their codes and arguments) and
     * raised faults per lift.
     */
    static List<Row> rows(JsonArray lifts, Map<String, Long> visits, Map<String, List<JsonObject>> findings,
                          Map<String, Map<String, Long>> faultsByType, Texts texts) {
        List<Row> rows = new ArrayList<>();
        for (Object o : lifts) {
            JsonObject lift = (JsonObject) o;
            String id = lift.getString("liftId");
            long rescues = 0;
            double worst = -1;
            if (lift.getValue("rescues") instanceof JsonArray list) {
                rescues = list.size();
                for (Object r : list) {
                    Object arrival = ((JsonObject) r).getValue("arrivalSeconds");
                    if (arrival instanceof Number n) {
                        worst = Math.max(worst, n.doubleValue());
                    }
                }
            }
            List<JsonObject> found = findings.getOrDefault(id, List.of());
            List<String> types = new ArrayList<>();
            faultsByType.getOrDefault(id, Map.of()).forEach((code, count) -> types.add(texts.fault(code) + " × " + count));
            rows.add(new Row(List.of(id, lift.getString("address"), lift.getString("street"), lift.getString("community"),
                    lift.getString("gridCell"), String.valueOf(lift.getString("maintainerId")),
                    String.valueOf(visits.getOrDefault(id, 0L)), String.valueOf(lift.getLong("faults")),
                    String.valueOf(lift.getLong("entrapments")), String.valueOf(rescues),
                    worst < 0 ? "" : String.valueOf(Math.round(worst / 60)),
                    String.join("; ", found.stream().map(f -> texts.finding(f.getString("finding"),
                            f.getJsonArray("args"))).toList()),
                    String.valueOf(lift.getValue("observedDays") == null ? "" : lift.getValue("observedDays")),
                    String.join("; ", types)),
                    found.stream().anyMatch(f -> f.getString("finding").equals("rescue_late"))));
        }
        return rows;
    }

    static String csv(List<Row> rows, Texts texts) {
        return Csv.write(header(texts), rows.stream().map(Row::cells).toList());
    }

    private static List<String> header(Texts texts) {
        return COLUMNS.stream().map(c -> texts.get("monthly.column." + c)).toList();
    }

    static String html(YearMonth month, String region, List<Row> rows, ZoneId zone, Texts texts) {
        long lifts = rows.size();
        long visits = rows.stream().mapToLong(r -> Long.parseLong(r.cells().get(VISITS))).sum();
        long entrapments = rows.stream().mapToLong(r -> Long.parseLong(r.cells().get(ENTRAPMENTS))).sum();
        long withFindings = rows.stream().filter(r -> !r.cells().get(FINDINGS).isEmpty()).count();
        long late = rows.stream().filter(Row::lateRescue).count();
        double observed = Math.round(10 * rows.stream().map(r -> r.cells().get(OBSERVED)).filter(s -> !s.isEmpty())
                .mapToDouble(Double::parseDouble).sum()) / 10.0;
        StringBuilder page = new StringBuilder("<!DOCTYPE html>\n<html lang=\"").append(texts.languageTag())
                .append("\"><head><meta charset=\"utf-8\">")
                .append("<title>").append(escape(texts.get("monthly.title", month, region))).append("</title>")
                .append("<link rel=\"icon\" href=\"data:,\">")
                .append("<link rel=\"stylesheet\" href=\"/dashboard/print.css\"></head><body class=\"report\">\n")
                .append("<h1>").append(texts.get("monthly.heading")).append("</h1>\n<p>")
                .append(texts.get("monthly.intro", month, escape(region), zone.getId())).append("</p>\n<p>")
                .append(texts.get("monthly.observed", observed, lifts * month.lengthOfMonth())).append("</p>\n<ul><li>")
                .append(texts.get("monthly.lifts", lifts)).append("</li><li>").append(texts.get("monthly.visits", visits))
                .append("</li><li>").append(texts.get("monthly.entrapments", entrapments, late)).append("</li><li>")
                .append(texts.get("monthly.withFindings", withFindings)).append("</li></ul>\n<table><tr>");
        for (String column : header(texts)) {
            page.append("<th>").append(escape(column.replace('_', ' '))).append("</th>");
        }
        page.append("</tr>\n");
        for (Row row : rows) {
            page.append(row.cells().get(FINDINGS).isEmpty() ? "<tr>" : "<tr class=\"finding\">");
            row.cells().forEach(cell -> page.append("<td>").append(escape(cell)).append("</td>"));
            page.append("</tr>\n");
        }
        return page.append("</table>\n</body></html>\n").toString();
    }

    private static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
