package io.liftwatch.api.billing;

import io.liftwatch.api.Blocking;
import io.liftwatch.api.Bodies;
import io.liftwatch.api.Problem;
import io.liftwatch.api.Replies;
import io.liftwatch.api.Rows;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The parties responsible for a flat over time (owners, tenants). A timeline is replaced whole, and only
 * if its periods follow one another with no gap and no overlap; otherwise the reply names the two
 * periods at fault and nothing changes. An empty timeline (or DELETE) removes it; the flat then cannot be
 * stated until it has one again, and what its parties were charged stays theirs in the fund.
 */
public final class PartyRoutes {
    private static final String LIST = """
            SELECT party, contact, valid_from, valid_to FROM household_party
            WHERE household_id = ? ORDER BY valid_from""";
    private static final String LOCK = "SELECT 1 FROM household WHERE id = ? FOR UPDATE";
    private static final String CLEAR = "DELETE FROM household_party WHERE household_id = ?";
    private static final String ADD = """
            INSERT INTO household_party (household_id, party, contact, valid_from, valid_to) VALUES (?, ?, ?, ?, ?)""";

    private final Blocking db;

    public PartyRoutes(Blocking db) {
        this.db = db;
    }

    public void mount(Router api) {
        api.get("/households/:id/parties").handler(this::list);
        api.put("/households/:id/parties").handler(this::replace);
        api.delete("/households/:id/parties").handler(this::remove);
    }

    private void remove(RoutingContext ctx) {
        String household = ctx.pathParam("id");
        Replies.json(ctx, db.transaction(c -> write(c, household, List.of())));
    }

    private void list(RoutingContext ctx) {
        String household = ctx.pathParam("id");
        Replies.json(ctx, db.run(c -> new JsonObject().put("householdId", household)
                .put("parties", Rows.query(c, LIST, List.of(household)))));
    }

    private void replace(RoutingContext ctx) {
        String household = ctx.pathParam("id");
        JsonArray parties = Bodies.json(ctx).getJsonArray("parties");
        if (parties == null) {
            throw Problem.unprocessable("'parties' must be an array of {party, contact?, validFrom, validTo?}");
        }
        List<Responsibility.Period> timeline = new ArrayList<>();
        try {
            for (int i = 0; i < parties.size(); i++) {
                JsonObject p = parties.getJsonObject(i);
                String party = p.getString("party");
                if (party == null || party.isBlank()) {
                    throw new IllegalArgumentException("parties[" + i + "].party is missing");
                }
                timeline.add(new Responsibility.Period(party, p.getString("contact"),
                        Bodies.date(p, "validFrom", "parties[" + i + "].validFrom", true),
                        Bodies.date(p, "validTo", "parties[" + i + "].validTo", false)));
            }
            timeline.sort(java.util.Comparator.comparing(Responsibility.Period::from));
            if (!timeline.isEmpty()) {
                Responsibility.check(timeline);
            }
        } catch (IllegalArgumentException e) {
            throw Problem.unprocessable(e.getMessage());
        } catch (ClassCastException e) {
            throw Problem.unprocessable("'parties' must be an array of objects with 'party', 'validFrom' and"
                    + " optionally 'contact' and 'validTo'");
        }
        Replies.json(ctx, db.transaction(c -> write(c, household, timeline)));
    }

    private static JsonObject write(Connection c, String household, List<Responsibility.Period> timeline)
            throws SQLException {
        try (PreparedStatement lock = c.prepareStatement(LOCK); PreparedStatement clear = c.prepareStatement(CLEAR);
             PreparedStatement add = c.prepareStatement(ADD)) {
            lock.setString(1, household);
            if (!lock.executeQuery().next()) {
                throw Problem.notFound("household " + household + " is not registered");
            }
            clear.setString(1, household);
            clear.executeUpdate();
            for (Responsibility.Period period : timeline) {
                add.setString(1, household);
                add.setString(2, period.party());
                add.setString(3, period.contact());
                add.setDate(4, Date.valueOf(period.from()));
                add.setDate(5, period.to() == null ? null : Date.valueOf(period.to()));
                add.addBatch();
            }
            add.executeBatch();
        }
        return new JsonObject().put("householdId", household).put("parties", Rows.query(c, LIST, List.of(household)));
    }
}
