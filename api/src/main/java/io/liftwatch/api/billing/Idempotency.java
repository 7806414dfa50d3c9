package io.liftwatch.api.billing;

import io.liftwatch.api.Blocking;
import io.liftwatch.api.Problem;
import io.liftwatch.api.Replies;
import io.liftwatch.api.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/**
 * A money write made once per {@code Idempotency-Key} the client sends: a repeat with the same body answers the
 * first reply (200) instead of booking again, a repeat with another body is refused (422). Keys are unique per
 * stairwell; the stairwell's lock, taken first, makes two requests with one key wait for each other.
 */
final class Idempotency {
    static final String HEADER = "Idempotency-Key";
    private static final int LONGEST_KEY = 200;
    private static final String EARLIER = """
            SELECT route = ? AND request = ?::jsonb AS same, reply FROM idempotency_key
            WHERE stairwell_id = ? AND key = ?""";
    private static final String REMEMBER = """
            INSERT INTO idempotency_key (stairwell_id, key, route, request, reply, recorded_by)
            VALUES (?, ?, ?, ?::jsonb, ?::jsonb, ?)""";

    /** A reply and its status: 201 for what was just recorded, 200 for the earlier reply to the same key. */
    record Outcome(int status, JsonObject body) {
    }

    private Idempotency() {
    }

    /**
     * The request's {@code Idempotency-Key}, or null; 400 for an empty, overlong or repeated one, or one with
     * characters other than visible ASCII (header bytes arrive as ISO-8859-1, so a key typed in Chinese would be
     * stored as other characters than the client sent, and a second header would silently lose to the first).
     */
    static String key(RoutingContext ctx) {
        var keys = ctx.request().headers().getAll(HEADER);
        if (keys.isEmpty()) {
            return null;
        }
        String key = keys.get(0);
        if (keys.size() > 1) {
            throw Problem.badRequest("send one " + HEADER + " header, not " + keys.size());
        }
        if (key.isEmpty() || key.length() > LONGEST_KEY || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw Problem.badRequest(HEADER + " must be 1 to " + LONGEST_KEY
                    + " visible ASCII characters without spaces (a UUID per form opened)");
        }
        return key;
    }

    /**
     * With the stairwell locked: the reply earlier recorded under the key for the same route and body (200), or
     * what {@code write} records now, its reply kept under the key (201); without a key, always the latter. 422
     * when the key was used for another request.
     */
    static Outcome once(Connection c, String stairwell, String key, String route, JsonObject request, String author,
                        Blocking.Work<JsonObject> write) throws Exception {
        if (key == null) {
            return new Outcome(201, write.run(c));
        }
        try (ResultSet row = Rows.select(c, EARLIER, route, request.encode(), stairwell, key)) {
            if (row.next()) {
                if (!row.getBoolean("same")) {
                    throw Problem.unprocessable(HEADER + " '" + key + "' was used for another request of stairwell "
                            + stairwell + "; a new request needs a new key");
                }
                return new Outcome(200, new JsonObject(row.getString("reply")));
            }
        }
        JsonObject reply = write.run(c);
        try (PreparedStatement add = c.prepareStatement(REMEMBER)) {
            add.setString(1, stairwell);
            add.setString(2, key);
            add.setString(3, route);
            add.setString(4, request.encode());
            add.setString(5, reply.encode());
            add.setString(6, author);
            add.executeUpdate();
        }
        return new Outcome(201, reply);
    }

    static void reply(RoutingContext ctx, Future<Outcome> outcome) {
        outcome.onComplete(done -> {
            if (done.failed()) {
                ctx.fail(done.cause());
            } else {
                Replies.json(ctx, done.result().status(), Future.succeededFuture(done.result().body()));
            }
        });
    }
}
