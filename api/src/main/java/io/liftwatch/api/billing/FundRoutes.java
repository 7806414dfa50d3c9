package io.liftwatch.api.billing;

import io.liftwatch.api.Blocking;
import io.liftwatch.api.Bodies;
import io.liftwatch.api.Params;
import io.liftwatch.api.Problem;
import io.liftwatch.api.Replies;
import io.liftwatch.api.Rows;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * A stairwell's maintenance fund: an append-only book of what statements charged, what households paid,
 * what the fund spent and earned; its cash balance over time and each household's arrears. Charges come
 * only from statements; a mistaken entry is undone by an opposite one, never by editing.
 */
public final class FundRoutes {
    private static final Set<String> RECORDABLE = Set.of("payment", "expense", "income");

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
    }

    private void book(RoutingContext ctx) {
        String stairwell = ctx.pathParam("id");
        LocalDate until = asOf(ctx);
        Replies.json(ctx, db.run(c -> {
            StatementStore.requireStairwell(c, stairwell);
            JsonArray entries = Rows.query(c, BillingSql.FUND, List.of(stairwell, Date.valueOf(until)));
            long balance = entries.isEmpty() ? 0 : entries.getJsonObject(entries.size() - 1).getLong("balanceFen");
            return new JsonObject().put("stairwellId", stairwell).put("asOf", until.minusDays(1).toString())
                    .put("balanceFen", balance).put("entries", entries);
        }));
    }

    private void record(RoutingContext ctx) {
        String stairwell = ctx.pathParam("id");
        JsonObject body = Bodies.json(ctx);
        String kind = body.getValue("kind") instanceof String k ? k : null;
        if (kind == null || !RECORDABLE.contains(kind)) {
            throw Problem.unprocessable("kind must be payment, expense or income (charges come from statements), got "
                    + body.getValue("kind"));
        }
        long amount = Bodies.fen(body, "amountFen");
        if (amount == 0) {
            throw Problem.unprocessable("amountFen must be more than 0");
        }
        LocalDate on = Bodies.date(body, "onDate", "onDate", true);
        String household = body.getValue("householdId") instanceof String h ? h : null;
        if (kind.equals("payment") != (household != null)) {
            throw Problem.unprocessable(kind.equals("payment") ? "a payment names the householdId that paid"
                    : "an " + kind + " belongs to the stairwell's fund, not to a household; leave out householdId");
        }
        Replies.json(ctx, 201, db.run(c -> {
            StatementStore.requireStairwell(c, stairwell);
            if (household != null) {
                try (ResultSet row = StatementStore.query(c, BillingSql.HOUSEHOLD_OF_STAIRWELL, household, stairwell)) {
                    if (!row.next()) {
                        throw Problem.unprocessable("household " + household + " is not a household of stairwell "
                                + stairwell);
                    }
                }
            }
            try (PreparedStatement add = c.prepareStatement(BillingSql.ADD_FUND_ENTRY)) {
                add.setString(1, stairwell);
                add.setString(2, household);
                add.setString(3, kind);
                add.setLong(4, amount);
                add.setDate(5, Date.valueOf(on));
                add.setNull(6, Types.BIGINT);
                add.setString(7, body.getString("note"));
                try (ResultSet row = add.executeQuery()) {
                    row.next();
                    return new JsonObject().put("id", row.getLong(1)).put("stairwellId", stairwell).put("kind", kind)
                            .put("householdId", household).put("amountFen", amount).put("onDate", on.toString())
                            .put("note", body.getString("note"));
                }
            }
        }));
    }

    private void arrears(RoutingContext ctx) {
        String stairwell = ctx.pathParam("id");
        LocalDate until = asOf(ctx);
        Replies.json(ctx, db.run(c -> {
            StatementStore.requireStairwell(c, stairwell);
            JsonArray households = Rows.query(c, BillingSql.ARREARS, List.of(Date.valueOf(until), stairwell));
            long owed = households.stream().map(JsonObject.class::cast)
                    .mapToLong(h -> Math.max(0, h.getLong("owedFen"))).sum();
            return new JsonObject().put("stairwellId", stairwell).put("asOf", until.minusDays(1).toString())
                    .put("owedFen", owed).put("households", households);
        }));
    }

    /** Entries on or before {@code asOf} (default today); returned as the exclusive day after. */
    private LocalDate asOf(RoutingContext ctx) {
        return Params.asOf(ctx, zone).plusDays(1);
    }
}
