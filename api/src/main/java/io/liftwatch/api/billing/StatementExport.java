package io.liftwatch.api.billing;

import io.liftwatch.api.Csv;
import io.liftwatch.api.Problem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An issued statement for people: a CSV of its lines for the manager's spreadsheet, and a printable page
 * per household that shows how its share came about.
 */
final class StatementExport {
    private static final List<String> COLUMNS = List.of("statement_id", "version", "period_from", "period_to",
            "household_id", "flat", "floor", "party", "days", "rides", "residents", "area_m2", "exempt", "weight",
            "weight_unit", "fen", "yuan", "party_due_fen");

    private StatementExport() {
    }

    /** One row per line; {@code party_due_fen} is what the line's party owes for its flat by this statement. */
    static String csv(JsonObject statement) {
        Map<String, Long> due = dueByParty(lines(statement));
        List<List<String>> rows = new ArrayList<>();
        for (JsonObject line : lines(statement)) {
            rows.add(List.of(text(statement.getValue("id")), text(statement.getValue("version")),
                    statement.getString("periodFrom"), statement.getString("periodTo"), line.getString("householdId"),
                    line.getString("flat"), line.getString("floor"), text(line.getValue("party")),
                    text(line.getValue("days")), text(line.getValue("rides")), text(line.getValue("residents")),
                    text(line.getValue("areaM2")), text(line.getValue("exempt")), text(line.getValue("weight")),
                    text(line.getValue("weightUnit")), text(line.getValue("fen")), yuan(line.getLong("fen")),
                    text(due.get(partyKey(line)))));
        }
        return Csv.write(COLUMNS, rows);
    }

    /** What each party owes for each flat by the statement: its lines together, keyed by {@link #partyKey}. */
    private static Map<String, Long> dueByParty(List<JsonObject> lines) {
        Map<String, Long> due = new LinkedHashMap<>();
        lines.forEach(line -> due.merge(partyKey(line), line.getLong("fen"), Long::sum));
        return due;
    }

    private static String partyKey(JsonObject line) {
        return line.getString("householdId") + "\u0000" + text(line.getValue("party"));
    }

    static String html(JsonObject statement, String household) {
        List<JsonObject> mine = lines(statement).stream()
                .filter(line -> line.getString("householdId").equals(household)).toList();
        if (mine.isEmpty()) {
            throw Problem.notFound("household " + household + " has no line in statement " + statement.getValue("id"));
        }
        JsonObject pool = statement.getJsonObject("pool");
        JsonObject totals = statement.getJsonObject("totals");
        StringBuilder page = new StringBuilder();
        page.append("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">")
                .append("<title>Lift cost statement ").append(escape(statement.getValue("id")))
                .append(" · flat ").append(escape(mine.get(0).getString("flat"))).append("</title>")
                .append("<style>body{font-family:sans-serif;max-width:44em;margin:2em auto}")
                .append("table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:.3em .5em;")
                .append("text-align:left}td.n{text-align:right}@media print{a{display:none}}</style></head><body>\n")
                .append("<h1>Lift running costs · 电梯运行费用分摊</h1>\n")
                .append("<p>Stairwell <b>").append(escape(statement.getString("stairwellId"))).append("</b>, period ")
                .append(escape(statement.getString("periodFrom"))).append(" to ")
                .append(escape(statement.getString("periodTo"))).append(" (end exclusive). Statement ")
                .append(escape(statement.getValue("id"))).append(", version ").append(escape(statement.getValue("version")))
                .append(", issued ").append(escape(statement.getString("issuedAt"))).append(".</p>\n");
        if (statement.getValue("supersedes") != null) {
            page.append("<p>This corrects statement ").append(escape(statement.getValue("supersedes")))
                    .append(": ").append(escape(statement.getString("reason"))).append("</p>\n");
        }
        if (statement.getValue("supersededBy") != null) {
            page.append("<p><b>Superseded by statement ").append(escape(statement.getValue("supersededBy")))
                    .append(".</b></p>\n");
        }
        page.append("<h2>Your share</h2>\n<table><tr><th>Flat</th><th>Responsible</th><th>Days</th><th>Rides</th>")
                .append("<th>Residents</th><th>Area m²</th><th>Weight</th><th>Amount</th></tr>\n");
        for (JsonObject line : mine) {
            Object weight = line.getBoolean("exempt") ? "exempt" : line.getValue("weight") == null ? ""
                    : line.getValue("weight") + (line.getValue("weightUnit") == null ? "" : " " + line.getValue("weightUnit"));
            page.append("<tr><td>").append(escape(line.getString("flat"))).append("</td><td>")
                    .append(escape(line.getValue("party") == null ? "—" : line.getValue("party"))).append("</td>")
                    .append(cell(line.getValue("days"))).append(cell(line.getValue("rides")))
                    .append(cell(line.getValue("residents"))).append(cell(line.getValue("areaM2")))
                    .append(cell(weight)).append(cell("¥" + yuan(line.getLong("fen")))).append("</tr>\n");
        }
        page.append("</table>\n");
        // Each party owes its own days: a seller's share stays the seller's, a buyer's the buyer's.
        for (Map.Entry<String, Long> due : dueByParty(mine).entrySet()) {
            String party = due.getKey().substring(due.getKey().indexOf('\u0000') + 1);
            page.append("<p>Due from <b>").append(escape(party.isEmpty() ? "the household" : party))
                    .append("</b>: <b>¥").append(yuan(due.getValue())).append("</b></p>\n");
        }
        page
                .append("<h2>How it was shared</h2>\n<p>Scheme: <code>")
                .append(escape(statement.getJsonObject("scheme").encode())).append("</code>, in effect from ")
                .append(escape(statement.getString("schemeEffectiveFrom"))).append(".</p>\n<table>")
                .append("<tr><th>Item</th><th>Item's period</th><th>Item's amount</th><th>Days in this period</th>")
                .append("<th>Part billed here</th></tr>\n");
        for (Object o : pool.getJsonArray("items", new JsonArray())) {
            JsonObject item = (JsonObject) o;
            String what = item.getString("kind") + (item.getValue("kwh") != null
                    ? " (" + item.getValue("kwh") + " kWh × " + item.getValue("tariffFenPerKwh") + " fen)" : "");
            String sign = item.getBoolean("income") ? "−¥" : "¥";
            Long amount = item.getLong("amountFen");
            String part = item.getString("partFrom") == null ? "" : item.getString("partFrom") + " to "
                    + item.getString("partTo");
            page.append("<tr><td>").append(escape(what)).append("</td><td>").append(escape(item.getString("periodFrom")))
                    .append(" to ").append(escape(item.getString("periodTo"))).append("</td>")
                    .append(cell(amount == null ? "metered" : sign + yuan(amount))).append("<td>").append(escape(part))
                    .append("</td>").append(cell(sign + yuan(item.getLong("fen")))).append("</tr>\n");
        }
        page.append("<tr><th colspan=\"4\">Shared among the households</th>")
                .append(cell("¥" + yuan(statement.getLong("poolFen")))).append("</tr></table>\n")
                .append("<p>Runs in the period: ").append(escape(totals.getValue("runs"))).append(", of which ")
                .append(escape(totals.getValue("unattributedRuns"))).append(" without a card")
                .append(totals.getValue("runsWithInvalidCardsOnly") == null ? "" : " and "
                        + escape(totals.getValue("runsWithInvalidCardsOnly")) + " with only expired or unknown cards ("
                        + escape(totals.getValue("expiredCardRides")) + " expired and "
                        + escape(totals.getValue("unknownCardRides")) + " unknown cards presented)")
                .append("; rides counted on")
                .append(" households' cards: ").append(escape(totals.getValue("rides"))).append(".</p>\n<p>Rounding: ")
                .append(escape(statement.getString("rounding"))).append("</p>\n</body></html>\n");
        return page.toString();
    }

    private static List<JsonObject> lines(JsonObject statement) {
        return statement.getJsonArray("lines").stream().map(JsonObject.class::cast).toList();
    }

    static String yuan(long fen) {
        return BigDecimal.valueOf(fen, 2).toPlainString();
    }

    private static String cell(Object value) {
        return "<td class=\"n\">" + escape(value == null ? "" : value) + "</td>";
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    private static String escape(Object value) {
        return text(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
