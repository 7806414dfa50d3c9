package io.liftwatch.api.registry;

import io.liftwatch.api.Blocking;
import io.liftwatch.api.Bodies;
import io.liftwatch.api.Params;
import io.liftwatch.api.Problem;
import io.liftwatch.api.Replies;
import io.liftwatch.api.Rows;
import io.liftwatch.api.access.AccessControl;
import io.liftwatch.common.devices.BrokerAccess;
import io.liftwatch.common.devices.DevicePasswords;
import io.liftwatch.common.devices.MosquittoFiles;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Set;

/**
 * Per-lift MQTT credentials: issued (or rotated) with a password shown once and stored only hashed, and
 * revoked. For a broker that asks over HTTP (EMQX's HTTP authentication and authorisation), the same
 * credentials and {@link BrokerAccess}'s rules answer whether a lift may connect and publish; LiftWatch's
 * own services are configured in the broker itself and never reach these endpoints.
 */
public final class DeviceRoutes {
    private static final String ISSUE = """
            INSERT INTO device_credential (lift_id, password_hash, issued_by) SELECT id, ?, ? FROM lift WHERE id = ?
            ON CONFLICT (lift_id) DO UPDATE SET password_hash = EXCLUDED.password_hash, issued_by = EXCLUDED.issued_by,
                                                issued_at = now()
            RETURNING lift_id, issued_by, issued_at""";
    private static final String REVOKE = "DELETE FROM device_credential WHERE lift_id = ?";
    private static final String HASH = "SELECT password_hash FROM device_credential WHERE lift_id = ?";
    private static final Set<String> ACTIONS = Set.of("publish", "subscribe");
    /** Lifts whose registration code starts with, or whose address contains, the search; with their credentials' state. */
    private static final String STATES = """
            SELECT l.id AS lift_id, s.address, l.model, c.issued_by, c.issued_at
            FROM lift l JOIN stairwell s ON s.id = l.stairwell_id LEFT JOIN device_credential c ON c.lift_id = l.id
            WHERE strpos(l.id, ?) = 1 OR strpos(lower(s.address), lower(?)) > 0
            ORDER BY l.id LIMIT ? OFFSET ?""";
    private static final int LONGEST_SEARCH = 100;

    private final Blocking db;

    public DeviceRoutes(Blocking db) {
        this.db = db;
    }

    public void mount(Router api) {
        api.get("/device-credentials").handler(this::states);
        api.get("/device-credentials/mosquitto/" + MosquittoFiles.PASSWORDS).handler(this::passwordFile);
        api.get("/device-credentials/mosquitto/" + MosquittoFiles.ACL).handler(this::aclFile);
        api.post("/lifts/:id/device-credentials").handler(this::issue);
        api.delete("/lifts/:id/device-credentials").handler(this::revoke);
        api.post("/broker/authenticate").handler(this::authenticate);
        api.post("/broker/authorize").handler(this::authorize);
    }

    private void issue(RoutingContext ctx) {
        String lift = Params.liftId(ctx);
        String by = AccessControl.author(ctx, ctx.body().isEmpty() ? new JsonObject() : Bodies.json(ctx));
        String password = DevicePasswords.generate();
        String hash = DevicePasswords.hash(password);
        Replies.json(ctx, 201, db.run(c -> {
            var rows = Rows.query(c, ISSUE, List.of(hash, by, lift));
            if (rows.isEmpty()) {
                throw Problem.notFound("lift " + lift + " is not registered");
            }
            return rows.getJsonObject(0).put("username", lift).put("password", password)
                    .put("note", "the password is shown only now; the broker's files must be regenerated"
                            + " (liftwatch devices mosquitto, or GET /device-credentials/mosquitto/liftwatch.passwd)"
                            + " for Mosquitto to accept it");
        }));
    }

    /** Which lifts have credentials, who issued them and when (never the hash), found by code or address. */
    private void states(RoutingContext ctx) {
        String search = Params.optional(ctx, "q");
        String q = search == null ? "" : search.strip();
        if (q.length() > LONGEST_SEARCH || (search != null && search.chars().anyMatch(Character::isISOControl))) {
            throw Problem.badRequest("query parameter 'q' must be at most " + LONGEST_SEARCH
                    + " characters of a code or an address, without control characters");
        }
        int limit = Params.integer(ctx, "limit", 50, 1, 500);
        int offset = Params.integer(ctx, "offset", 0, 0, 10_000_000);
        Replies.json(ctx, db.run(c -> {
            JsonArray items = Rows.query(c, STATES, List.of(q, q, limit, offset));
            items.forEach(row -> ((JsonObject) row).put("issued", ((JsonObject) row).getValue("issuedAt") != null));
            return new JsonObject().put("items", items);
        }));
    }

    /**
     * Mosquitto's password file for the lifts (hashes only; owner-only once saved). LiftWatch's services are
     * added to it on the broker's host with {@code mosquitto_passwd}, so their passwords never pass through here.
     */
    private void passwordFile(RoutingContext ctx) {
        ctx.response().putHeader("cache-control", "no-store");
        Replies.text(ctx, "text/plain; charset=utf-8", MosquittoFiles.PASSWORDS,
                db.run(c -> BrokerAccess.passwordFile(MosquittoFiles.lifts(c), List.of())));
    }

    /** Mosquitto's ACL file, with a block for each service connection named by {@code ?service=} (repeatable). */
    private void aclFile(RoutingContext ctx) {
        List<BrokerAccess.Account> services = ctx.queryParam("service").stream()
                .map(name -> new BrokerAccess.Account(name, "")).toList();
        String file;
        try {
            file = BrokerAccess.aclFile(services);
        } catch (IllegalArgumentException e) {
            throw Problem.badRequest(e.getMessage());
        }
        ctx.response().putHeader("cache-control", "no-store");
        Replies.text(ctx, "text/plain; charset=utf-8", MosquittoFiles.ACL, Future.succeededFuture(file));
    }

    private void revoke(RoutingContext ctx) {
        String lift = Params.liftId(ctx);
        Replies.noContent(ctx, db.run(c -> {
            if (Rows.update(c, REVOKE, List.of(lift)) == 0) {
                throw Problem.notFound("lift " + lift + " has no credentials");
            }
            return null;
        }));
    }

    /**
     * EMQX HTTP authentication: {@code {"username", "password", "clientid"}} → {@code {"result": "allow"|"deny"}}.
     * A lift is admitted only with its own password and its own id as client id ({@link BrokerAccess#admitsLift}),
     * so its credentials cannot take over a service's or another lift's session; anonymous and unknown
     * clients are denied, and services never get here (EMQX's built-in database answers for them first).
     */
    private void authenticate(RoutingContext ctx) {
        JsonObject body = Bodies.json(ctx);
        String username = body.getString("username");
        String password = body.getString("password");
        String clientId = body.getString("clientid");
        Replies.json(ctx, db.run(c -> {
            var rows = username == null ? null : Rows.query(c, HASH, List.of(username));
            String stored = rows == null || rows.isEmpty() ? null : rows.getJsonObject(0).getString("passwordHash");
            boolean allowed = BrokerAccess.admitsLift(username, clientId, password, stored);
            return new JsonObject().put("result", allowed ? "allow" : "deny").put("is_superuser", false);
        }));
    }

    /**
     * EMQX HTTP authorisation: {@code {"username", "clientid", "topic", "action"}} → {@code {"result": "allow"|"deny"}};
     * a client whose id is not its user name is denied whatever it asks.
     */
    private void authorize(RoutingContext ctx) {
        JsonObject body = Bodies.json(ctx);
        String username = body.getString("username");
        String topic = body.getString("topic");
        String action = body.getString("action");
        String clientId = body.getString("clientid", username);
        if (username == null || topic == null || action == null || !ACTIONS.contains(action)) {
            throw Problem.unprocessable("'username', 'topic' and 'action' (publish or subscribe) are required");
        }
        boolean allowed = username.equals(clientId) && BrokerAccess.allows(username, false,
                action.equals("publish") ? BrokerAccess.Action.PUBLISH : BrokerAccess.Action.SUBSCRIBE, topic);
        Replies.json(ctx, Future.succeededFuture(new JsonObject().put("result", allowed ? "allow" : "deny")));
    }
}
