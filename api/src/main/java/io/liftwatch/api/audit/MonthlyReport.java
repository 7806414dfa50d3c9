package io.liftwatch.api.audit;

import io.liftwatch.api.Csv;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A region's month as a bureau files it: one row per lift — maintenance visits, faults, entrapments,
 * rescues and their worst arrival, the next inspection, and the compliance findings at the month's end —
 * as CSV, or as a printable page with the totals first.
 */
final class MonthlyReport {
    private static final List<String> COLUMNS = List.of("registration_code", "address", "street", "community",
            "grid_cell", "maintainer", "visits", "faults", "entrapments", "rescues", "worst_arrival_min",
            "findings");

    private MonthlyReport() {
    }

    /** The rows, from the grid query's lifts, visit counts and findings per lift. */
    static List<List<String>> rows(JsonArray lifts, Map<String, Long> visits, Map<String, List<String>> findings) {
        List<List<String>> rows = new ArrayList<>();
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
            rows.add(List.of(id, lift.getString("address"), lift.getString("street"), lift.getString("community"),
                    lift.getString("gridCell"), String.valueOf(lift.getString("maintainerId")),
                    String.valueOf(visits.getOrDefault(id, 0L)), String.valueOf(lift.getLong("faults")),
                    String.valueOf(lift.getLong("entrapments")), String.valueOf(rescues),
                    worst < 0 ? "" : String.valueOf(Math.round(worst / 60)),
                    String.join("; ", findings.getOrDefault(id, List.of()))));
        }
        return rows;
    }

    static String csv(List<List<String>> rows) {
        return Csv.write(COLUMNS, rows);
    }

    static String html(YearMonth month, String region, List<List<String>> rows) {
        long lifts = rows.size();
        long visits = rows.stream().mapToLong(r -> Long.parseLong(r.get(6))).sum();
        long entrapments = rows.stream().mapToLong(r -> Long.parseLong(r.get(8))).sum();
        long withFindings = rows.stream().filter(r -> !r.get(11).isEmpty()).count();
        long late = rows.stream().filter(r -> r.get(11).contains("rescue_late")).count();
        StringBuilder page = new StringBuilder("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">")
                .append("<title>Lift safety report ").append(month).append(" · ").append(escape(region)).append("</title>")
                .append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;width:100%;")
                .append("font-size:.85em}td,th{border:1px solid #999;padding:.25em .4em;text-align:left}")
                .append("tr.finding td{background:#fff3e0}@page{size:A4 landscape}</style></head><body>\n")
                .append("<h1>Retrofit lift safety report · 加装电梯安全月报</h1>\n<p>Month <b>").append(month)
                .append("</b>, region <b>").append(escape(region)).append("</b>. Findings as of the month's last day.</p>\n")
                .append("<ul><li>Lifts: ").append(lifts).append("</li><li>Maintenance visits recorded: ").append(visits)
                .append("</li><li>Entrapments: ").append(entrapments).append(", lifts with a late rescue: ").append(late)
                .append("</li><li>Lifts with findings: ").append(withFindings).append("</li></ul>\n<table><tr>");
        for (String column : COLUMNS) {
            page.append("<th>").append(column.replace('_', ' ')).append("</th>");
        }
        page.append("</tr>\n");
        for (List<String> row : rows) {
            page.append(row.get(11).isEmpty() ? "<tr>" : "<tr class=\"finding\">");
            row.forEach(cell -> page.append("<td>").append(escape(cell)).append("</td>"));
            page.append("</tr>\n");
        }
        return page.append("</table>\n</body></html>\n").toString();
    }

    private static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
