package io.liftwatch.api.telemetry;

import io.liftwatch.api.Blocking;
import io.liftwatch.api.Params;
import io.liftwatch.api.Problem;
import io.liftwatch.api.Replies;
import io.liftwatch.api.Rows;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/** Lifts with live status, one lift's recent telemetry, and the dead letters. */
public final class TelemetryRoutes {
    private final Blocking db;
    private final ZoneId zone;

    public TelemetryRoutes(Blocking db, ZoneId zone) {
        this.db = db;
        this.zone = zone;
    }

    public void mount(Router api) {
        api.get("/lifts").handler(this::lifts);
        api.get("/lifts/:id").handler(this::lift);
        api.get("/lifts/:id/runs").handler(ctx -> history(ctx, TelemetrySql.RUNS));
        api.get("/lifts/:id/faults").handler(ctx -> history(ctx, TelemetrySql.FAULTS));
        api.get("/lifts/:id/events").handler(ctx -> history(ctx, TelemetrySql.EVENTS));
        api.get("/lifts/:id/counters").handler(this::counters);
        api.get("/dead-letters").handler(this::deadLetters);
    }

    private void lifts(RoutingContext ctx) {
        int limit = Params.integer(ctx, "limit", 100, 1, 10_000);
        int offset = Params.integer(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        List<Object> filters = Arrays.asList(
                Params.optional(ctx, "district"), Params.optional(ctx, "street"), Params.optional(ctx, "community"),
                Params.optional(ctx, "grid"), Params.optional(ctx, "maintainer"), Params.optional(ctx, "useUnit"),
                Params.bool(ctx, "online"), null);
        Replies.json(ctx, db.run(c -> new JsonObject()
                .put("items", Rows.query(c, TelemetrySql.LIFTS, parameters(filters, limit, offset)))
                .put("limit", limit).put("offset", offset)));
    }

    private void lift(RoutingContext ctx) {
        String id = Params.liftId(ctx);
        List<Object> filters = Arrays.asList(null, null, null, null, null, null, null, id);
        Replies.json(ctx, db.run(c -> {
            JsonArray rows = Rows.query(c, TelemetrySql.LIFTS, parameters(filters, 1, 0));
            if (rows.isEmpty()) {
                throw Problem.notFound("lift " + id + " is not registered");
            }
            return rows.getJsonObject(0);
        }));
    }

    /** The filters (null for any), then the page: limit and offset. */
    private static List<Object> parameters(List<Object> filters, int limit, int offset) {
        List<Object> values = new ArrayList<>(filters);
        values.add(limit);
        values.add(offset);
        return values;
    }

    private void history(RoutingContext ctx, String sql) {
        String id = Params.liftId(ctx);
        Instant[] period = Params.period(ctx, zone, 7);
        int limit = Params.integer(ctx, "limit", 200, 1, 10_000);
        Replies.json(ctx, db.run(c -> new JsonObject()
                .put("liftId", id).put("from", period[0].toString()).put("to", period[1].toString())
                .put("items", Rows.query(c, sql, List.of(id, period[0], period[1], limit)))));
    }

    private void counters(RoutingContext ctx) {
        String id = Params.liftId(ctx);
        Instant[] period = Params.period(ctx, zone, 7);
        int limit = Params.integer(ctx, "limit", 200, 1, 10_000);
        Replies.json(ctx, db.run(c -> new JsonObject()
                .put("liftId", id).put("from", period[0].toString()).put("to", period[1].toString())
                .put("totals", Rows.query(c, TelemetrySql.COUNTER_TOTALS, List.of(id, period[0], period[1]))
                        .getJsonObject(0))
                .put("items", Rows.query(c, TelemetrySql.COUNTERS, List.of(id, period[0], period[1], limit)))));
    }

    private void deadLetters(RoutingContext ctx) {
        String reason = Params.optional(ctx, "reason");
        String lift = Params.optional(ctx, "lift");
        String before = Params.optional(ctx, "before");
        Long beforeId;
        try {
            beforeId = before == null ? null : Long.valueOf(before);
        } catch (NumberFormatException e) {
            throw Problem.badRequest("parameter 'before' must be a dead-letter id, got '" + before + "'");
        }
        int limit = Params.integer(ctx, "limit", 100, 1, 1000);
        Replies.json(ctx, db.run(c -> {
            JsonArray items = Rows.query(c, TelemetrySql.DEAD_LETTERS,
                    Arrays.asList(reason, lift, beforeId, limit));
            items.forEach(item -> addPayloadText((JsonObject) item));
            return new JsonObject().put("items", items);
        }));
    }

    /** Shows the payload as text too when it is valid UTF-8, which most refused payloads are. */
    private static void addPayloadText(JsonObject item) {
        byte[] bytes = Base64.getDecoder().decode(item.getString("payloadBase64", ""));
        try {
            item.put("payloadText", StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            item.putNull("payloadText");
        }
    }
}
