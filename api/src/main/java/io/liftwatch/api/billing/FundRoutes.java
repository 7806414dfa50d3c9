package io.liftwatch.api.billing;

import io.liftwatch.api.Blocking;
import io.liftwatch.api.Bodies;
import io.liftwatch.api.Params;
import io.liftwatch.api.Problem;
import io.liftwatch.api.Replies;
import io.liftwatch.api.Rows;
import io.liftwatch.api.access.AccessControl;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * A stairwell's maintenance fund: an append-only book of what statements charged (and corrections
 * reversed) to each responsible party of each flat, what parties paid, what the fund spent and earned;
 * its cash balance over time and each party's arrears. Charges come only from statements; a mistaken
 * entry is undone by an opposite one, never by editing. Every view "as of" a day shows the book as it
 * stood at the end of that day: entries dated later or recorded later are left out, so it never changes.
 */
public final class FundRoutes {
    private static final Set<String> RECORDABLE = Set.of("payment", "expense", "income");
    /**
     * The largest single payment, expense, income or cost item: ¥1,000,000, above a whole retrofit lift's price (300-650k
     * CNY), far above a year's running costs.
     */
    static final long MAX_ENTRY_FEN = 100_000_000L;

    private final Blocking db;
    private final ZoneId zone;

    public FundRoutes(Blocking db, ZoneId zone) {
        this.db = db;
        this.zone = zone;
    }

    public void mount(Router api) {
        api.get("/stairwells/:id/fund").handler(this::book);
        api.post("/stairwells/:id/fund").handler(this::record);
        api.get("/stairwells/:id/arrears").handler(this::arrears);
        api.get("/stairwells/:id/account").handler(this::account);
    }

    private void book(RoutingContext ctx) {
        bookAsOf(ctx, BillingSql.FUND, (reply, entries) -> reply.put("balanceFen",
                entries.isEmpty() ? 0 : entries.getJsonObject(entries.size() - 1).getLong("balanceFen"))
                .put("entries", entries));
    }

    /**
     * Answers with the rows {@code sql} finds in the stairwell's book as it stood at the end of the day asked
     * for; {@code reply} adds them, and what they sum to, to the stairwell and the day.
     */
    private void bookAsOf(RoutingContext ctx, String sql, BiFunction<JsonObject, JsonArray, JsonObject> reply) {
        String stairwell = ctx.pathParam("id");
        LocalDate asOf = Params.asOf(ctx, zone);
        Replies.json(ctx, db.run(c -> {
            StatementStore.requireStairwell(c, stairwell);
            JsonArray rows = Rows.query(c, sql, asOf(stairwell, asOf));
            return reply.apply(new JsonObject().put("stairwellId", stairwell).put("asOf", asOf.toString()), rows);
        }));
    }

    private void record(RoutingContext ctx) {
        String stairwell = ctx.pathParam("id");
        JsonObject body = Bodies.json(ctx);
        String kind = body.getValue("kind") instanceof String k ? k : null;
        if ("reversal".equals(kind)) {
            reverse(ctx, stairwell, body);
            return;
        }
        if (kind == null || !RECORDABLE.contains(kind)) {
            throw Problem.unprocessable("kind must be payment, expense, income or reversal (charges come from statements),"
                    + " got " + body.getValue("kind"));
        }
        long amount = amountFen(body);
        LocalDate on = Bodies.date(body, "onDate", "onDate", true);
        LocalDate today = LocalDate.now(zone);
        if (on.isAfter(today)) {
            throw Problem.unprocessable("onDate (" + on + ") is after today (" + today + ", Beijing): money is booked on"
                    + " the day it moved");
        }
        String household = body.getValue("householdId") instanceof String h ? h : null;
        String party = body.getValue("party") instanceof String p && !p.isBlank() ? p : null;
        boolean payment = kind.equals("payment");
        if (payment && (household == null || party == null)) {
            throw Problem.unprocessable("a payment names the householdId and the party that paid: each owner or"
                    + " tenant pays their own share");
        }
        if (!payment && (household != null || party != null)) {
            throw Problem.unprocessable("an " + kind + " belongs to the stairwell's fund, not to a household; leave"
                    + " out householdId and party");
        }
        String author = AccessControl.author(ctx, body);
        book(ctx, stairwell, body, c -> {
            if (payment) {
                requirePartyOf(c, stairwell, household, party);
            }
            try (PreparedStatement add = c.prepareStatement(BillingSql.ADD_FUND_ENTRY)) {
                add.setString(1, stairwell);
                add.setString(2, household);
                add.setString(3, party);
                add.setString(4, kind);
                add.setLong(5, amount);
                add.setDate(6, Date.valueOf(on));
                add.setNull(7, Types.BIGINT);
                add.setString(8, body.getString("note"));
                add.setString(9, author);
                try (ResultSet row = add.executeQuery()) {
                    row.next();
                    return new JsonObject().put("id", row.getLong(1)).put("stairwellId", stairwell).put("kind", kind)
                            .put("householdId", household).put("party", party).put("amountFen", amount)
                            .put("onDate", on.toString()).put("note", body.getString("note")).put("recordedBy", author);
                }
            }
        }, author);
    }

    /**
     * A recorded amount: more than 0 and at most {@link #MAX_ENTRY_FEN}, for fund entries and cost items alike
     * (a cost item's share of a statement then stays below it too).
     */
    static long amountFen(JsonObject body) {
        long amount = Bodies.fen(body, "amountFen");
        if (amount == 0 || amount > MAX_ENTRY_FEN) {
            throw Problem.unprocessable("amountFen must be more than 0 and at most " + MAX_ENTRY_FEN + " (¥1,000,000), got "
                    + amount);
        }
        return amount;
    }

    /**
     * Books one entry in a transaction that first locks the stairwell; with an {@code Idempotency-Key} a
     * repeat of the same request answers the entry booked the first time (200) and books nothing.
     */
    private void book(RoutingContext ctx, String stairwell, JsonObject body, Blocking.Work<JsonObject> entry,
                      String author) {
        String key = Idempotency.key(ctx);
        Idempotency.reply(ctx, db.transaction(c -> {
            StatementStore.lockStairwell(c, stairwell);
            return Idempotency.once(c, stairwell, key, "fund", body, author, entry);
        }));
    }

    /**
     * Undoes a mistaken payment, expense or income with an entry of its own, dated today, that names it and says
     * why; the book stays append-only. A payment's reversal belongs to the same party and raises what it owes.
     */
    private void reverse(RoutingContext ctx, String stairwell, JsonObject body) {
        Long reverses = Bodies.recordId(body, "reverses");
        String reason = Bodies.text(body, "reason", 1000, true);
        if (reverses == null) {
            throw Problem.unprocessable("a reversal names the entry it reverses: 'reverses'");
        }
        LocalDate today = LocalDate.now(zone);
        String author = AccessControl.author(ctx, body);
        book(ctx, stairwell, body, c -> {
            JsonArray found = Rows.query(c, BillingSql.REVERSIBLE, List.of(reverses, stairwell));
            if (found.isEmpty()) {
                throw Problem.unprocessable("fund entry " + reverses + " is not an entry of stairwell " + stairwell);
            }
            JsonObject original = found.getJsonObject(0);
            if (!RECORDABLE.contains(original.getString("kind"))) {
                throw Problem.unprocessable("fund entry " + reverses + " is a " + original.getString("kind")
                        + "; charges are reversed by correcting their statement");
            }
            if (original.getValue("reversedBy") != null) {
                throw Problem.conflict("fund entry " + reverses + " is reversed already, by entry " + original.getValue("reversedBy"));
            }
            long amount = original.getString("kind").equals("payment") ? original.getLong("amountFen")
                    : -original.getLong("amountFen");
            try (PreparedStatement add = c.prepareStatement(BillingSql.ADD_REVERSAL)) {
                add.setString(1, stairwell);
                add.setString(2, original.getString("householdId"));
                add.setString(3, original.getString("party"));
                add.setString(4, "reversal");
                add.setLong(5, amount);
                add.setDate(6, Date.valueOf(today));
                add.setNull(7, Types.BIGINT);
                add.setString(8, reason);
                add.setLong(9, reverses);
                add.setString(10, author);
                try (ResultSet row = add.executeQuery()) {
                    row.next();
                    return new JsonObject().put("id", row.getLong(1)).put("stairwellId", stairwell).put("kind", "reversal")
                            .put("householdId", original.getString("householdId")).put("party", original.getString("party"))
                            .put("amountFen", amount).put("onDate", today.toString()).put("reverses", reverses)
                            .put("note", reason).put("recordedBy", author);
                }
            }
        }, author);
    }

    /** What each party of each flat was charged, had reversed, paid and owes, as of a day. */
    private void arrears(RoutingContext ctx) {
        bookAsOf(ctx, BillingSql.ARREARS, (reply, parties) -> reply.put("owedFen", parties.stream()
                .map(JsonObject.class::cast).mapToLong(p -> Math.max(0, p.getLong("owedFen"))).sum())
                .put("parties", parties));
    }

    /** One party's account for one flat: its charges, reversals and payments, and what it owed after each. */
    private void account(RoutingContext ctx) {
        String stairwell = ctx.pathParam("id");
        String household = Params.optional(ctx, "household");
        String party = Params.optional(ctx, "party");
        if (household == null || party == null) {
            throw Problem.badRequest("parameters 'household' and 'party' are required: whose account to show");
        }
        LocalDate asOf = Params.asOf(ctx, zone);
        Replies.json(ctx, db.run(c -> {
            StatementStore.requireStairwell(c, stairwell);
            requirePartyOf(c, stairwell, household, party);
            List<Object> parameters = new ArrayList<>(List.of(stairwell, household, party));
            parameters.addAll(asOf(stairwell, asOf).subList(1, 3));
            JsonArray entries = Rows.query(c, BillingSql.ACCOUNT, parameters);
            long owed = entries.isEmpty() ? 0 : entries.getJsonObject(entries.size() - 1).getLong("owedFen");
            return new JsonObject().put("stairwellId", stairwell).put("householdId", household).put("party", party)
                    .put("asOf", asOf.toString()).put("owedFen", owed).put("entries", entries);
        }));
    }

    private static void requirePartyOf(Connection c, String stairwell, String household, String party)
            throws SQLException {
        try (ResultSet row = Rows.select(c, BillingSql.HOUSEHOLD_OF_STAIRWELL, household, stairwell)) {
            if (!row.next()) {
                throw Problem.unprocessable("household " + household + " is not a household of stairwell " + stairwell);
            }
        }
        try (ResultSet row = Rows.select(c, BillingSql.PARTY_OF_HOUSEHOLD, household, party, household, party)) {
            if (row.next()) {
                return;
            }
        }
        List<String> known = new ArrayList<>();
        try (ResultSet rows = Rows.select(c, BillingSql.PARTIES_OF_HOUSEHOLD, household, household)) {
            while (rows.next()) {
                known.add(rows.getString(1));
            }
        }
        throw Problem.unprocessable("party '" + party + "' has never been responsible for household " + household
                + (known.isEmpty() ? ", which has no parties" : "; its parties: " + String.join(", ", known)));
    }

    /** The parameters of a query of the book as it stood at the end of {@code asOf}. */
    private List<Object> asOf(String stairwell, LocalDate asOf) {
        LocalDate next = asOf.plusDays(1);
        OffsetDateTime nextBegins = next.atStartOfDay(zone).toOffsetDateTime();
        return List.of(stairwell, Date.valueOf(next), nextBegins);
    }
}
