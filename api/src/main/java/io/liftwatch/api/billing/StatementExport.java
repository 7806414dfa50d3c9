package io.liftwatch.api.billing;

import io.liftwatch.api.Csv;
import io.liftwatch.api.Problem;
import io.liftwatch.api.Texts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An issued statement for people, in the reader's language ({@link Texts}): a CSV of its lines for the
 * manager's spreadsheet, and a printable page per household that shows how its share came about.
 */
final class StatementExport {
    private static final List<String> COLUMNS = List.of("statement_id", "version", "period_from", "period_to",
            "household_id", "flat", "floor", "party", "days", "rides", "residents", "area_m2", "exempt", "weight",
            "weight_unit", "fen", "yuan", "party_due_fen");

    private StatementExport() {
    }

    /**
     * One row per line, headed in the reader's language; {@code party_due_fen} is what the line's party owes
     * for its flat by this statement.
     */
    static String csv(JsonObject statement, Texts texts) {
        Map<String, Long> due = dueByParty(lines(statement));
        List<List<String>> rows = new ArrayList<>();
        for (JsonObject line : lines(statement)) {
            rows.add(List.of(text(statement.getValue("id")), text(statement.getValue("version")),
                    statement.getString("periodFrom"), statement.getString("periodTo"), line.getString("householdId"),
                    line.getString("flat"), line.getString("floor"), text(line.getValue("party")),
                    text(line.getValue("days")), text(line.getValue("rides")), text(line.getValue("residents")),
                    text(line.getValue("areaM2")),
                    texts.get(Boolean.TRUE.equals(line.getBoolean("exempt")) ? "statement.yes" : "statement.no"),
                    text(line.getValue("weight")), weightUnit(statement, line, texts), text(line.getValue("fen")),
                    yuan(line.getLong("fen")), text(due.get(partyKey(line)))));
        }
        return Csv.write(COLUMNS.stream().map(c -> texts.get("statement.column." + c)).toList(), rows);
    }

    /** The line's weight unit in the reader's language, as the printed page words it (stored in English). */
    private static String weightUnit(JsonObject statement, JsonObject line, Texts texts) {
        return line.getValue("weightUnit") == null ? "" : SchemeWords.unit(statement.getJsonObject("scheme"), texts);
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

    /** The household's page, in the reader's language: its share, what each of its parties owes, and why. */
    static String html(JsonObject statement, String household, Texts texts) {
        List<JsonObject> mine = lines(statement).stream()
                .filter(line -> line.getString("householdId").equals(household)).toList();
        if (mine.isEmpty()) {
            throw Problem.notFound("household " + household + " has no line in statement " + statement.getValue("id"));
        }
        JsonObject pool = statement.getJsonObject("pool");
        JsonObject totals = statement.getJsonObject("totals");
        StringBuilder page = new StringBuilder();
        page.append("<!DOCTYPE html>\n<html lang=\"").append(texts.languageTag()).append("\"><head><meta charset=\"utf-8\">")
                .append("<title>").append(escape(texts.get("statement.title", statement.getValue("id"),
                        mine.get(0).getString("flat")))).append("</title>")
                .append("<link rel=\"icon\" href=\"data:,\">")
                .append("<link rel=\"stylesheet\" href=\"/dashboard/print.css\"></head><body class=\"statement\">\n")
                .append("<h1>").append(texts.get("statement.heading")).append("</h1>\n<p>")
                .append(texts.get("statement.intro", escape(statement.getString("stairwellId")),
                        escape(statement.getString("periodFrom")), escape(statement.getString("periodTo")),
                        escape(statement.getValue("id")), escape(statement.getValue("version")),
                        escape(texts.time(String.valueOf(statement.getString("issuedAt"))))))
                .append("</p>\n");
        if (statement.getValue("supersedes") != null) {
            page.append("<p>").append(texts.get("statement.corrects", escape(statement.getValue("supersedes")),
                    escape(statement.getString("reason")))).append("</p>\n");
        }
        if (statement.getValue("supersededBy") != null) {
            page.append("<p><b>").append(texts.get("statement.supersededBy", escape(statement.getValue("supersededBy"))))
                    .append("</b></p>\n");
        }
        page.append("<h2>").append(texts.get("statement.yourShare")).append("</h2>\n<table><tr>");
        for (String th : List.of("flat", "party", "days", "rides", "residents", "area", "weight", "amount")) {
            page.append("<th>").append(texts.get("statement.th." + th)).append("</th>");
        }
        page.append("</tr>\n");
        for (JsonObject line : mine) {
            Object weight = line.getBoolean("exempt") ? texts.get("statement.exempt") : line.getValue("weight") == null
                    ? "" : line.getValue("weight") + " " + SchemeWords.unit(statement.getJsonObject("scheme"), texts);
            page.append("<tr><td>").append(escape(line.getString("flat"))).append("</td><td>")
                    .append(escape(line.getValue("party") == null ? "—" : line.getValue("party"))).append("</td>")
                    .append(cell(line.getValue("days"))).append(cell(line.getValue("rides")))
                    .append(cell(line.getValue("residents"))).append(cell(line.getValue("areaM2")))
                    .append(cell(weight)).append(cell(Texts.money(line.getLong("fen")))).append("</tr>\n");
        }
        page.append("</table>\n");
        // Each party owes its own days: a seller's share stays the seller's, a buyer's the buyer's.
        for (Map.Entry<String, Long> due : dueByParty(mine).entrySet()) {
            String party = due.getKey().substring(due.getKey().indexOf('\u0000') + 1);
            page.append("<p>").append(texts.get("statement.dueFrom",
                    escape(party.isEmpty() ? texts.get("statement.theHousehold") : party), Texts.money(due.getValue())))
                    .append("</p>\n");
        }
        page.append("<h2>").append(texts.get("statement.howShared")).append("</h2>\n<p>")
                .append(texts.get("statement.scheme", escape(SchemeWords.scheme(statement.getJsonObject("scheme"), texts)),
                        escape(statement.getString("schemeEffectiveFrom")))).append("</p>\n<table><tr>");
        for (String th : List.of("item", "itemPeriod", "itemAmount", "partDays", "part")) {
            page.append("<th>").append(texts.get("statement.th." + th)).append("</th>");
        }
        page.append("</tr>\n");
        for (Object o : pool.getJsonArray("items", new JsonArray())) {
            JsonObject item = (JsonObject) o;
            String what = texts.getOr("kind." + item.getString("kind"), item.getString("kind"))
                    + (item.getValue("kwh") != null ? " (" + texts.get("statement.kwh", item.getValue("kwh"),
                    item.getValue("tariffFenPerKwh")) + ")" : "");
            boolean income = item.getBoolean("income");
            Long amount = item.getLong("amountFen");
            String part = item.getString("partFrom") == null ? ""
                    : texts.get("statement.to", item.getString("partFrom"), item.getString("partTo"));
            page.append("<tr><td>").append(escape(what)).append("</td><td>")
                    .append(escape(texts.get("statement.to", item.getString("periodFrom"), item.getString("periodTo"))))
                    .append("</td>").append(cell(amount == null ? texts.get("statement.metered")
                            : Texts.money(income ? -amount : amount)))
                    .append("<td>").append(escape(part)).append("</td>")
                    .append(cell(Texts.money(income ? -item.getLong("fen") : item.getLong("fen")))).append("</tr>\n");
        }
        page.append("<tr><th colspan=\"4\">").append(texts.get("statement.sharedAmong")).append("</th>")
                .append(cell(Texts.money(statement.getLong("poolFen")))).append("</tr></table>\n<p>")
                .append(texts.get("statement.runs", escape(totals.getValue("runs")),
                        escape(totals.getValue("unattributedRuns"))))
                .append(totals.getValue("runsWithInvalidCardsOnly") == null ? "" : texts.get("statement.invalidCards",
                        escape(totals.getValue("runsWithInvalidCardsOnly")), escape(totals.getValue("expiredCardRides")),
                        escape(totals.getValue("unknownCardRides"))))
                .append(texts.get("statement.rides", escape(totals.getValue("rides")))).append("</p>\n<p>")
                .append(texts.get("statement.rounding", escape(SchemeWords.rounding(statement.getJsonObject("scheme"), texts))))
                .append("</p>\n</body></html>\n");
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
