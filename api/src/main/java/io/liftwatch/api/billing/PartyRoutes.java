package io.liftwatch.api.billing;

import io.liftwatch.api.Blocking;
import io.liftwatch.api.Bodies;
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
import java.util.ArrayList;
import java.util.List;

/**
 * The parties responsible for a flat over time (owners, tenants). A timeline is replaced whole, and only
 * if its periods follow one another with no gap and no overlap; otherwise the reply names the two
 * periods at fault and nothing changes. Days a statement has stated keep their parties (409 otherwise), as
 * schemes do, unless the request says {@code restate: true} with a {@code reason}: the parties were recorded
 * wrongly and the statements of those days will be corrected. The replaced timeline is kept with the reason and
 * who restated it ({@code household_party_restatement}), and listed with the timeline. An empty timeline (or
 * DELETE) removes it; the flat then cannot be stated until it has one again, and what its parties were charged
 * stays theirs in the fund.
 */
public final class PartyRoutes {
    private static final String LIST = """
            SELECT party, contact, valid_from, valid_to FROM household_party
            WHERE household_id = ? ORDER BY valid_from""";
    private static final String LOCK = "SELECT stairwell_id FROM household WHERE id = ? FOR UPDATE";
    /** The days statements have stated for the flat: from the first period with a line of it to the last. */
    private static final String STATED = """
            SELECT min(s.period_from), max(s.period_to) FROM statement s
            WHERE s.id IN (SELECT statement_id FROM statement_line WHERE household_id = ?)""";
    private static final String CLEAR = "DELETE FROM household_party WHERE household_id = ?";
    private static final String ADD = """
            INSERT INTO household_party (household_id, party, contact, valid_from, valid_to) VALUES (?, ?, ?, ?, ?)""";
    private static final String KEEP_REPLACED = """
            INSERT INTO household_party_restatement (household_id, replaced, reason, restated_by)
            SELECT ?, coalesce(jsonb_agg(jsonb_build_object('party', party, 'contact', contact, 'validFrom', valid_from,
                                                            'validTo', valid_to) ORDER BY valid_from), '[]'), ?, ?
            FROM household_party WHERE household_id = ?""";
    private static final String RESTATEMENTS = """
            SELECT replaced, reason, restated_by, restated_at FROM household_party_restatement
            WHERE household_id = ? ORDER BY restated_at, id""";
    private static final int MAX_REASON = 500;

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
        Replies.json(ctx, db.transaction(c -> write(c, household, List.of(), null)));
    }

    private void list(RoutingContext ctx) {
        String household = ctx.pathParam("id");
        Replies.json(ctx, db.run(c -> listed(c, household)));
    }

    private void replace(RoutingContext ctx) {
        String household = ctx.pathParam("id");
        JsonObject body = Bodies.json(ctx);
        Object restate = body.getValue("restate", false);
        if (!(restate instanceof Boolean)) {
            throw Problem.unprocessable("'restate' must be true or false, not "
                    + (restate instanceof String text ? "the text \"" + text + "\"" : String.valueOf(restate)));
        }
        Restatement restatement = null;
        if ((Boolean) restate) {
            Object reason = body.getValue("reason");
            if (!(reason instanceof String text) || text.isBlank() || text.length() > MAX_REASON) {
                throw Problem.unprocessable("'restate: true' rewrites stated days: 'reason' (1 to " + MAX_REASON
                        + " characters) says why, and is kept with the timeline it replaces");
            }
            restatement = new Restatement(text.strip(), AccessControl.author(ctx, body));
        }
        JsonArray parties = body.getJsonArray("parties");
        if (parties == null) {
            throw Problem.unprocessable("'parties' must be an array of {party, contact?, validFrom, validTo?}");
        }
        List<Responsibility.Period> timeline = new ArrayList<>();
        try {
            for (int i = 0; i < parties.size(); i++) {
                if (!(parties.getValue(i) instanceof JsonObject p)) {
                    throw new IllegalArgumentException("parties[" + i + "] must be an object with 'party' and 'validFrom'");
                }
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
        Restatement restated = restatement;
        Replies.json(ctx, db.transaction(c -> write(c, household, timeline, restated)));
    }

    /** Why stated days are rewritten, and by whom. */
    private record Restatement(String reason, String by) {
    }

    private static JsonObject listed(Connection c, String household) throws SQLException {
        return new JsonObject().put("householdId", household).put("parties", Rows.query(c, LIST, List.of(household)))
                .put("restatements", Rows.query(c, RESTATEMENTS, List.of(household)));
    }

    private static JsonObject write(Connection c, String household, List<Responsibility.Period> timeline,
                                    Restatement restatement) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement(LOCK); PreparedStatement clear = c.prepareStatement(CLEAR);
             PreparedStatement add = c.prepareStatement(ADD)) {
            lock.setString(1, household);
            try (ResultSet row = lock.executeQuery()) {
                if (!row.next()) {
                    throw Problem.notFound("household " + household + " is not registered");
                }
                // Issuing takes the stairwell's lock: no statement reads the timeline while it changes.
                StatementStore.lockStairwell(c, row.getString(1));
            }
            if (restatement == null) {
                keepStated(c, household, timeline);
            } else {
                Rows.update(c, KEEP_REPLACED, List.of(household, restatement.reason(), restatement.by(), household));
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
        return listed(c, household);
    }

    /**
     * Refuses (409) a timeline that would say someone else answered for a day already stated: the statements
     * and the fund's charges name the party as it was. Contacts, and days outside the stated ones, may change;
     * a party recorded wrongly is put right with {@code restate: true}, then the statements are corrected.
     */
    private static void keepStated(Connection c, String household, List<Responsibility.Period> timeline)
            throws SQLException {
        LocalDate from;
        LocalDate to;
        try (ResultSet row = Rows.select(c, STATED, household)) {
            row.next();
            if (row.getDate(1) == null) {
                return;
            }
            from = row.getDate(1).toLocalDate();
            to = row.getDate(2).toLocalDate();
        }
        List<Responsibility.Period> recorded = new ArrayList<>();
        try (ResultSet rows = Rows.select(c, LIST, household)) {
            while (rows.next()) {
                Date until = rows.getDate("valid_to");
                recorded.add(new Responsibility.Period(rows.getString("party"), null,
                        rows.getDate("valid_from").toLocalDate(), until == null ? null : until.toLocalDate()));
            }
        }
        List<String> was = within(recorded, from, to);
        List<String> would = within(timeline, from, to);
        if (!was.equals(would)) {
            throw Problem.conflict("household " + household + " is stated from " + from + " to " + to + "; a party"
                    + " change cannot rewrite a stated period, so the timeline must keep " + String.join(", ", was)
                    + " for those days (it would give " + (would.isEmpty() ? "nobody" : String.join(", ", would))
                    + "); change it from " + to + " on");
        }
    }

    /** Who answers for which days of [from, to): "party from a to b", a party's adjoining periods as one. */
    private static List<String> within(List<Responsibility.Period> timeline, LocalDate from, LocalDate to) {
        List<String[]> spans = new ArrayList<>();
        for (Responsibility.Period p : timeline) {
            LocalDate start = p.from().isAfter(from) ? p.from() : from;
            LocalDate end = p.to() == null || p.to().isAfter(to) ? to : p.to();
            if (!start.isBefore(end)) {
                continue;
            }
            String[] last = spans.isEmpty() ? null : spans.get(spans.size() - 1);
            if (last != null && last[0].equals(p.party()) && last[2].equals(start.toString())) {
                last[2] = end.toString();
            } else {
                spans.add(new String[] {p.party(), start.toString(), end.toString()});
            }
        }
        return spans.stream().map(span -> span[0] + " from " + span[1] + " to " + span[2]).toList();
    }
}
