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

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A stairwell's cost pool, item by item: maintenance, electricity (a bill, or metered kWh × tariff),
 * insurance, inspection, repairs, other costs, and advertising income and subsidies that offset them.
 * Each item has its own period; a statement bills the part of every item its period overlaps and keeps a
 * copy. An item only a preview has seen can be removed; one a statement billed cannot (409 naming the
 * statements), since the unbilled report and every correction read the items as recorded. What no statement
 * in force has billed yet is listed by {@code GET /stairwells/:id/unbilled}. Items are never edited in place.
 */
public final class CostRoutes {
    private static final Set<String> KINDS = Set.of("maintenance", "electricity", "insurance", "inspection", "repairs",
            "other", "advertising", "subsidy");

    private final Blocking db;

    public CostRoutes(Blocking db) {
        this.db = db;
    }

    public void mount(Router api) {
        api.get("/stairwells/:id/costs").handler(this::list);
        api.post("/stairwells/:id/costs").handler(this::add);
        api.delete("/costs/:cost").handler(this::remove);
        api.get("/stairwells/:id/unbilled").handler(this::unbilled);
    }

    private void list(RoutingContext ctx) {
        String stairwell = ctx.pathParam("id");
        LocalDate[] period = Params.days(ctx);
        Replies.json(ctx, db.run(c -> {
            StatementStore.requireStairwell(c, stairwell);
            return new JsonObject().put("stairwellId", stairwell).put("items", Rows.query(c, BillingSql.COSTS,
                    List.of(stairwell, Date.valueOf(period[1]), Date.valueOf(period[0]))));
        }));
    }

    /** Items, or parts of them, that no issued statement in force has billed; {@code until} limits the days. */
    private void unbilled(RoutingContext ctx) {
        String stairwell = ctx.pathParam("id");
        LocalDate until = until(ctx);
        Replies.json(ctx, db.run(c -> {
            StatementStore.requireStairwell(c, stairwell);
            List<Pool.Recorded> items = StatementStore.costs(c, BillingSql.ALL_COSTS, stairwell);
            Map<Long, List<Unbilled.Billed>> billed = new HashMap<>();
            try (ResultSet rows = Rows.select(c, BillingSql.BILLED_PARTS, stairwell)) {
                while (rows.next()) {
                    long fen = rows.getLong("fen");
                    Long partFen = rows.wasNull() ? null : fen;
                    billed.computeIfAbsent(rows.getLong("cost_item_id"), id -> new ArrayList<>())
                            .add(new Unbilled.Billed(rows.getLong("cost_item_id"),
                                    rows.getDate("part_from").toLocalDate(), rows.getDate("part_to").toLocalDate(),
                                    partFen, rows.getLong("statement_id")));
                }
            }
            JsonArray open = new JsonArray();
            long unbilledFen = 0;
            for (Unbilled.Item item : Unbilled.of(items, billed, until)) {
                open.add(Unbilled.toJson(item));
                unbilledFen += item.unbilledFen() == null ? 0 : item.unbilledFen();
            }
            return new JsonObject().put("stairwellId", stairwell).put("until", until == null ? null : until.toString())
                    .put("unbilledFen", unbilledFen).put("items", open);
        }));
    }

    private static LocalDate until(RoutingContext ctx) {
        String value = Params.optional(ctx, "until");
        try {
            return value == null ? null : LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw Problem.badRequest("parameter 'until' must be a date like 2025-04-01, got '" + value + "'");
        }
    }

    private void add(RoutingContext ctx) {
        String stairwell = ctx.pathParam("id");
        JsonObject body = Bodies.json(ctx);
        String kind = body.getValue("kind") instanceof String k ? k : null;
        if (kind == null || !KINDS.contains(kind)) {
            throw Problem.unprocessable("kind must be one of " + new java.util.TreeSet<>(KINDS) + ", got "
                    + body.getValue("kind"));
        }
        LocalDate from = Bodies.date(body, "periodFrom", "periodFrom", true);
        LocalDate to = Bodies.date(body, "periodTo", "periodTo", true);
        if (!from.isBefore(to)) {
            throw Problem.unprocessable("periodFrom (" + from + ") must be before periodTo (" + to + ")");
        }
        boolean metered = body.containsKey("tariffFenPerKwh");
        if (metered == body.containsKey("amountFen")) {
            throw Problem.unprocessable("give either amountFen or, for metered electricity, tariffFenPerKwh");
        }
        if (metered && !kind.equals("electricity")) {
            throw Problem.unprocessable("only electricity can be metered by tariffFenPerKwh; give amountFen for " + kind);
        }
        Long amount = metered ? null : FundRoutes.amountFen(body);
        BigDecimal tariff = metered ? tariff(body.getValue("tariffFenPerKwh")) : null;
        String author = AccessControl.author(ctx, body);
        Replies.json(ctx, 201, db.run(c -> {
            StatementStore.requireStairwell(c, stairwell);
            try (PreparedStatement add = c.prepareStatement(BillingSql.ADD_COST)) {
                add.setString(1, stairwell);
                add.setDate(2, Date.valueOf(from));
                add.setDate(3, Date.valueOf(to));
                add.setString(4, kind);
                if (amount == null) {
                    add.setNull(5, Types.BIGINT);
                } else {
                    add.setLong(5, amount);
                }
                add.setBigDecimal(6, tariff);
                add.setString(7, body.getString("note"));
                add.setString(8, author);
                try (ResultSet row = add.executeQuery()) {
                    return Rows.toJson(row).getJsonObject(0); // what was stored, not what the body also carried
                }
            }
        }));
    }

    private void remove(RoutingContext ctx) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("cost"));
        } catch (NumberFormatException e) {
            throw Problem.notFound("cost item " + ctx.pathParam("cost") + " does not exist");
        }
        Replies.noContent(ctx, db.transaction(c -> {
            String stairwell;
            try (ResultSet row = Rows.select(c, BillingSql.COST_STAIRWELL, id)) {
                if (!row.next()) {
                    throw Problem.notFound("cost item " + id + " does not exist");
                }
                stairwell = row.getString(1);
            }
            // Issuing takes the same lock, so no statement bills the item between this check and the delete.
            StatementStore.lockStairwell(c, stairwell);
            List<String> statements = new ArrayList<>();
            try (ResultSet rows = Rows.select(c, BillingSql.COST_BILLED_BY, id)) {
                while (rows.next()) {
                    statements.add(rows.getString(1));
                }
            }
            if (!statements.isEmpty()) {
                throw Problem.conflict("cost item " + id + " is billed by statement" + (statements.size() == 1 ? " " : "s ")
                        + String.join(", ", statements) + "; a billed item stays as it was billed: offset it by another"
                        + " item (a subsidy) and correct the statements");
            }
            Rows.update(c, BillingSql.DELETE_COST, List.of(id));
            return null;
        }));
    }

    private static BigDecimal tariff(Object value) {
        try {
            BigDecimal tariff = new BigDecimal(String.valueOf(value));
            if (tariff.signum() >= 0 && tariff.scale() <= 4 && tariff.precision() - tariff.scale() <= 8) {
                return tariff;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw Problem.unprocessable("tariffFenPerKwh must be a non-negative number of fen per kWh with at most 4"
                + " decimals (e.g. 61.7), got " + value);
    }
}
