package io.liftwatch.api.billing;

import io.liftwatch.api.Blocking;
import io.liftwatch.api.Bodies;
import io.liftwatch.api.Params;
import io.liftwatch.api.Problem;
import io.liftwatch.api.Replies;
import io.liftwatch.api.Rows;
import io.liftwatch.api.Texts;
import io.liftwatch.api.access.AccessControl;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.sql.Connection;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * Statements: a preview computed on demand, issuing (which books the charges to the fund), corrections
 * as new versions, and the issued ones as JSON, CSV and a printable page per household.
 */
public final class StatementRoutes {
    private final Blocking db;
    private final StatementStore store;
    private final ZoneId zone;

    public StatementRoutes(Blocking db, StatementStore store, ZoneId zone) {
        this.db = db;
        this.store = store;
        this.zone = zone;
    }

    public void mount(Router api) {
        api.get("/stairwells/:id/statements/preview").handler(this::preview);
        api.post("/stairwells/:id/statements/preview").handler(this::previewUnderScheme);
        api.get("/stairwells/:id/statements").handler(this::list);
        api.post("/stairwells/:id/statements").handler(this::issue);
        api.get("/statements/:statement").handler(this::get);
        api.get("/statements/:statement/csv").handler(this::csv);
        api.get("/statements/:statement/households/:household/print").handler(this::print);
        api.post("/statements/:statement/corrections").handler(this::correct);
    }

    private void preview(RoutingContext ctx) {
        LocalDate[] period = Params.days(ctx);
        Replies.json(ctx, db.run(c -> compute(c, ctx.pathParam("id"), period[0], period[1]).toJson()));
    }

    /**
     * The preview under a scheme not recorded yet, for the whole period: what each household's share would
     * be if these were the weights. Nothing is written; a scheme that does not fit is refused as when recorded.
     */
    private void previewUnderScheme(RoutingContext ctx) {
        String stairwell = ctx.pathParam("id");
        JsonObject body = Bodies.json(ctx);
        LocalDate from = Bodies.date(body, "periodFrom", "periodFrom", true);
        LocalDate to = Bodies.date(body, "periodTo", "periodTo", true);
        if (!from.isBefore(to) || from.plusYears(1).isBefore(to)) {
            throw Problem.unprocessable("the period must be from periodFrom (" + from + ") to a later periodTo ("
                    + to + "), a year at most");
        }
        Scheme scheme = SchemeRoutes.scheme(body);
        List<String> exempt = SchemeRoutes.strings(body.getValue("exemptHouseholds"));
        Replies.json(ctx, db.run(c -> {
            Statement.Inputs proposed = store.inputs(c, stairwell, from, to,
                    new Statement.SchemeInEffect(from, scheme, Set.copyOf(exempt)));
            SchemeRoutes.requireOwnHouseholds(exempt, proposed.households(), stairwell);
            return compute(proposed).toJson();
        }));
    }

    private void list(RoutingContext ctx) {
        String stairwell = ctx.pathParam("id");
        Replies.json(ctx, db.run(c -> {
            StatementStore.requireStairwell(c, stairwell);
            return new JsonObject().put("stairwellId", stairwell)
                    .put("items", Rows.query(c, BillingSql.STATEMENTS, List.of(stairwell)));
        }));
    }

    private void issue(RoutingContext ctx) {
        String stairwell = ctx.pathParam("id");
        JsonObject body = Bodies.json(ctx);
        LocalDate from = Bodies.date(body, "periodFrom", "periodFrom", true);
        LocalDate to = Bodies.date(body, "periodTo", "periodTo", true);
        if (!from.isBefore(to)) {
            throw Problem.unprocessable("periodFrom (" + from + ") must be before periodTo (" + to + ")");
        }
        if (to.isAfter(LocalDate.now(zone))) {
            throw Problem.unprocessable("the period runs until " + to + " (exclusive), so its rides and costs are not"
                    + " all in yet; issue the statement from " + to + " on, and use the preview until then");
        }
        String author = AccessControl.author(ctx, body);
        String key = Idempotency.key(ctx);
        Idempotency.reply(ctx, db.transaction(c -> {
            StatementStore.lockStairwell(c, stairwell);
            return Idempotency.once(c, stairwell, key, "statement", body, author, locked -> {
                try (ResultSet overlapping = Rows.select(c, BillingSql.CURRENT_OVERLAPPING, stairwell,
                        Date.valueOf(to), Date.valueOf(from))) {
                    if (overlapping.next()) {
                        throw Problem.conflict("statement " + overlapping.getLong("id") + " (version "
                                + overlapping.getInt("version") + ") already covers "
                                + overlapping.getDate("period_from") + " to " + overlapping.getDate("period_to")
                                + "; to change it, issue a correction with POST /statements/" + overlapping.getLong("id")
                                + "/corrections");
                    }
                }
                return store.read(c, store.issue(c, compute(c, stairwell, from, to), 0, 1, null, null, author));
            });
        }));
    }

    private void correct(RoutingContext ctx) {
        long superseded = statementId(ctx);
        JsonObject body = Bodies.json(ctx);
        String reason = body.getString("reason");
        if (reason == null || reason.isBlank()) {
            throw Problem.unprocessable("reason is missing: a correction says why the statement is reissued");
        }
        String author = AccessControl.author(ctx, body);
        String key = Idempotency.key(ctx);
        JsonObject request = body.copy().put("statement", superseded);
        Idempotency.reply(ctx, db.transaction(c -> {
            String stairwell;
            LocalDate from;
            LocalDate to;
            int version;
            try (ResultSet old = Rows.select(c, BillingSql.STATEMENT_TO_CORRECT, superseded)) {
                if (!old.next()) {
                    throw Problem.notFound("statement " + superseded + " does not exist");
                }
                stairwell = old.getString("stairwell_id");
                from = old.getDate("period_from").toLocalDate();
                to = old.getDate("period_to").toLocalDate();
                version = old.getInt("version");
            }
            StatementStore.lockStairwell(c, stairwell);
            return Idempotency.once(c, stairwell, key, "correction", request, author, locked -> {
                try (ResultSet old = Rows.select(c, BillingSql.STATEMENT_TO_CORRECT, superseded)) {
                    old.next();
                    long newer = old.getLong("superseded_by");
                    if (!old.wasNull()) {
                        throw Problem.conflict("statement " + superseded + " was already corrected by statement "
                                + newer + "; correct the newest version");
                    }
                }
                return store.read(c, store.issue(c, compute(c, stairwell, from, to), superseded, version + 1, reason,
                        null, author));
            });
        }));
    }

    private void get(RoutingContext ctx) {
        long id = statementId(ctx);
        Replies.json(ctx, db.run(c -> issued(c, id)));
    }

    private void csv(RoutingContext ctx) {
        long id = statementId(ctx);
        Texts texts = Texts.of(ctx, zone);
        Replies.text(ctx, "text/csv; charset=utf-8", "statement-" + id + ".csv",
                db.run(c -> StatementExport.csv(issued(c, id), texts)));
    }

    private void print(RoutingContext ctx) {
        long id = statementId(ctx);
        String household = ctx.pathParam("household");
        Texts texts = Texts.of(ctx, zone);
        Replies.text(ctx, "text/html; charset=utf-8", null,
                db.run(c -> StatementExport.html(issued(c, id), household, texts)));
    }

    private Statement compute(Connection c, String stairwell, LocalDate from, LocalDate to) throws SQLException {
        return compute(store.inputs(c, stairwell, from, to));
    }

    private static Statement compute(Statement.Inputs inputs) {
        try {
            return Statement.compute(inputs);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw Problem.unprocessable("no statement for stairwell " + inputs.stairwellId() + " from " + inputs.from()
                    + " to " + inputs.to() + ": " + e.getMessage());
        }
    }

    private JsonObject issued(Connection c, long id) throws SQLException {
        JsonObject statement = store.read(c, id);
        if (statement == null) {
            throw Problem.notFound("statement " + id + " does not exist");
        }
        return statement;
    }

    private static long statementId(RoutingContext ctx) {
        try {
            return Long.parseLong(ctx.pathParam("statement"));
        } catch (NumberFormatException e) {
            throw Problem.notFound("statement " + ctx.pathParam("statement") + " does not exist");
        }
    }
}
