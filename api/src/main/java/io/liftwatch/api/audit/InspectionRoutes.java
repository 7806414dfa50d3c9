package io.liftwatch.api.audit;

import io.liftwatch.api.Blocking;
import io.liftwatch.api.Bodies;
import io.liftwatch.api.Params;
import io.liftwatch.api.Problem;
import io.liftwatch.api.Replies;
import io.liftwatch.api.Rows;
import io.liftwatch.api.access.AccessControl;
import io.liftwatch.common.audit.AuditChain;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Periodic inspections (定期检验) of a lift: who inspected it, when, the result and certificate, and when
 * the next is due, which the alerts service watches. Records are never changed; a mistake is corrected
 * by a new record that names the one it corrects. Each joins its lift's audit chain as it is written.
 * The use unit transcribes the institute's report; a failed result never counts as the lift inspected: the
 * compliance report and the alerts service treat the lift as due from the failed inspection's day.
 */
public final class InspectionRoutes {
    private static final Set<String> RESULTS = Set.of("pass", "pass_after_rectification", "fail");
    private static final String ADD = """
            INSERT INTO inspection (lift_id, inspected_on, body, result, certificate, next_due, corrects, recorded_by)
            SELECT id, ?, ?, ?, ?, ?, ?, ? FROM lift WHERE id = ?
            RETURNING id, lift_id, inspected_on, body, result, certificate, next_due, corrects, recorded_by, recorded_at""";
    private static final String LIST = """
            SELECT i.id, i.lift_id, i.inspected_on, i.body, i.result, i.certificate, i.next_due, i.corrects,
                   (SELECT c.id FROM inspection c WHERE c.corrects = i.id LIMIT 1) AS corrected_by,
                   i.recorded_by, i.recorded_at
            FROM inspection i WHERE i.lift_id = ? ORDER BY i.inspected_on DESC, i.id DESC""";
    private static final String CORRECTABLE = "SELECT 1 FROM inspection WHERE id = ? AND lift_id = ?";

    /** The periodic inspection is yearly (TSG T7001); a certificate may give a month's grace beyond the year. */
    static final Period LONGEST_VALIDITY = Period.ofMonths(13);

    private final Blocking db;
    private final ZoneId zone;

    public InspectionRoutes(Blocking db, ZoneId zone) {
        this.db = db;
        this.zone = zone;
    }

    public void mount(Router api) {
        api.post("/lifts/:id/inspections").handler(this::record);
        api.get("/lifts/:id/inspections").handler(this::list);
    }

    private void record(RoutingContext ctx) {
        String lift = Params.liftId(ctx);
        JsonObject body = Bodies.json(ctx);
        LocalDate inspected = Bodies.date(body, "inspectedOn", "inspectedOn", true);
        LocalDate nextDue = Bodies.date(body, "nextDue", "nextDue", true);
        String inspector = body.getValue("body") instanceof String b && !b.isBlank() ? b : null;
        String result = body.getValue("result") instanceof String r ? r : null;
        String by = AccessControl.author(ctx, body);
        Long corrects = Bodies.recordId(body, "corrects");
        if (inspector == null) {
            throw Problem.unprocessable("'body' (the inspection body) is required");
        }
        if (result == null || !RESULTS.contains(result)) {
            throw Problem.unprocessable("'result' must be one of pass, pass_after_rectification, fail; got "
                    + body.getValue("result"));
        }
        LocalDate today = LocalDate.now(zone);
        if (inspected.isAfter(today)) {
            throw Problem.unprocessable("'inspectedOn' (" + inspected + ") is after today (" + today
                    + "): an inspection is recorded once it has taken place");
        }
        if (!nextDue.isAfter(inspected) || nextDue.isAfter(inspected.plus(LONGEST_VALIDITY))) {
            throw Problem.unprocessable("'nextDue' (" + nextDue + ") must be after 'inspectedOn' (" + inspected
                    + ") and at most " + LONGEST_VALIDITY.toTotalMonths() + " months later ("
                    + inspected.plus(LONGEST_VALIDITY) + "): the periodic inspection is yearly");
        }
        Replies.json(ctx, 201, db.transaction(c -> {
            if (corrects != null && Rows.query(c, CORRECTABLE, List.of(corrects, lift)).isEmpty()) {
                throw Problem.unprocessable("inspection " + corrects + " is not a record of lift " + lift);
            }
            var rows = Rows.query(c, ADD, Arrays.asList(inspected, inspector, result, body.getString("certificate"),
                    nextDue, corrects, by, lift));
            if (rows.isEmpty()) {
                throw Problem.notFound("lift " + lift + " is not registered");
            }
            AuditChain.append(c, AuditChain.Kind.INSPECTION, rows.getJsonObject(0).getLong("id"));
            return rows.getJsonObject(0);
        }));
    }

    private void list(RoutingContext ctx) {
        String lift = Params.liftId(ctx);
        Replies.json(ctx, db.run(c -> new JsonObject().put("liftId", lift)
                .put("items", Rows.query(c, LIST, List.of(lift)))));
    }
}
