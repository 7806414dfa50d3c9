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
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The cost-sharing schemes a stairwell agreed, each from a date on. A scheme may take effect only after
 * the last period already stated, so an issued statement is never contradicted by its own scheme history,
 * and is refused unless it fits the stairwell's households ({@link SchemeCheck}); nothing is written then.
 * Recorded again for the same day, a scheme replaces the one before, which is kept and listed as replaced.
 */
public final class SchemeRoutes {
    private final Blocking db;

    public SchemeRoutes(Blocking db) {
        this.db = db;
    }

    public void mount(Router api) {
        api.get("/stairwells/:id/schemes").handler(this::list);
        api.put("/stairwells/:id/schemes/:effectiveFrom").handler(this::record);
    }

    private void list(RoutingContext ctx) {
        String stairwell = ctx.pathParam("id");
        Replies.json(ctx, db.run(c -> schemes(c, stairwell)));
    }

    private void record(RoutingContext ctx) {
        String stairwell = ctx.pathParam("id");
        LocalDate effective = Params.pathDate(ctx, "effectiveFrom");
        JsonObject body = Bodies.json(ctx);
        Scheme scheme = scheme(body);
        List<String> exempt = strings(body.getValue("exemptHouseholds"));
        String author = AccessControl.author(ctx, body);
        Replies.json(ctx, db.transaction(c -> {
            StatementStore.lockStairwell(c, stairwell);
            try (ResultSet row = Rows.select(c, BillingSql.STATED_UNTIL, stairwell)) {
                row.next();
                Date statedUntil = row.getDate(1);
                if (statedUntil != null && effective.isBefore(statedUntil.toLocalDate())) {
                    throw Problem.conflict("statements of stairwell " + stairwell + " are issued up to "
                            + statedUntil + "; a scheme change cannot rewrite a stated period, so it may take effect"
                            + " from " + statedUntil + " on");
                }
            }
            List<Statement.Household> households = StatementStore.households(c, stairwell);
            requireOwnHouseholds(exempt, households, stairwell);
            try {
                SchemeCheck.check(scheme, Set.copyOf(exempt), households, StatementStore.floors(c, stairwell));
            } catch (IllegalArgumentException e) {
                throw Problem.unprocessable("the scheme does not fit stairwell " + stairwell + ": " + e.getMessage());
            }
            try (PreparedStatement add = c.prepareStatement(BillingSql.ADD_SCHEME)) {
                add.setString(1, stairwell);
                add.setDate(2, Date.valueOf(effective));
                add.setString(3, SchemeJson.toJson(scheme).encode());
                add.setArray(4, c.createArrayOf("text", exempt.toArray()));
                add.setString(5, body.getString("note"));
                add.setString(6, author);
                add.executeUpdate();
            }
            return schemes(c, stairwell);
        }));
    }

    private static JsonObject schemes(Connection c, String stairwell) throws SQLException {
        StatementStore.requireStairwell(c, stairwell);
        return new JsonObject().put("stairwellId", stairwell)
                .put("items", Rows.query(c, BillingSql.SCHEMES, List.of(stairwell)))
                .put("replaced", Rows.query(c, BillingSql.REPLACED_SCHEMES, List.of(stairwell)));
    }

    /** The body's {@code scheme}, parsed; 422 naming what is wrong with it. */
    static Scheme scheme(JsonObject body) {
        try {
            return SchemeJson.parse(body.getJsonObject("scheme"));
        } catch (IllegalArgumentException e) {
            throw Problem.unprocessable(e.getMessage());
        } catch (ClassCastException e) {
            throw Problem.unprocessable("'scheme' must be an object whose fields have the types the OpenAPI document gives");
        }
    }

    /** Refuses exempt households that are not the stairwell's own, naming them. */
    static void requireOwnHouseholds(List<String> exempt, List<Statement.Household> households, String stairwell) {
        Set<String> ids = households.stream().map(Statement.Household::id).collect(Collectors.toSet());
        List<String> strangers = exempt.stream().filter(h -> !ids.contains(h)).toList();
        if (!strangers.isEmpty()) {
            throw Problem.unprocessable("exemptHouseholds names " + String.join(", ", strangers)
                    + ", not a household of stairwell " + stairwell);
        }
    }

    static List<String> strings(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof JsonArray array && array.stream().allMatch(String.class::isInstance)) {
            return array.stream().map(String.class::cast).distinct().toList();
        }
        throw Problem.unprocessable("exemptHouseholds must be an array of household ids, got " + value);
    }
}
