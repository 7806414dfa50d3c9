package io.liftwatch.api.access;

import io.liftwatch.api.Blocking;
import io.liftwatch.api.Bodies;
import io.liftwatch.api.Problem;
import io.liftwatch.api.Replies;
import io.liftwatch.api.Rows;
import io.liftwatch.common.devices.DevicePasswords;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Accounts and their tokens: an administrator creates accounts and issues tokens; a person with a
 * password exchanges it for a token; a token can be revoked by its account or an administrator.
 */
public final class AccountRoutes {
    /** PBKDF2 rounds for passwords people choose. */
    static final int PASSWORD_ROUNDS = 210_000;
    private static final Set<String> ROLES = Set.of("admin", "maintenance", "property", "bureau", "city");
    private static final String CREATE = """
            INSERT INTO account (id, name, role, organisation_id, region, password_hash) VALUES (?, ?, ?, ?, ?, ?)
            RETURNING id, name, role, organisation_id, region, created_at""";
    private static final String LIST = """
            SELECT id, name, role, organisation_id, region, created_at, disabled_at FROM account ORDER BY id""";
    private static final String PASSWORD = "SELECT password_hash FROM account WHERE id = ? AND disabled_at IS NULL";
    private static final String TOKEN_OWNER = "SELECT account_id FROM api_token WHERE id::text = ? AND revoked_at IS NULL";
    private static final String REVOKE = "UPDATE api_token SET revoked_at = now() WHERE id::text = ? AND revoked_at IS NULL";

    private final Blocking db;

    public AccountRoutes(Blocking db) {
        this.db = db;
    }

    public void mount(Router api) {
        api.get("/me").handler(this::me);
        api.post("/accounts").handler(this::create);
        api.get("/accounts").handler(ctx -> Replies.json(ctx, db.run(c -> new JsonObject()
                .put("items", Rows.query(c, LIST, List.of())))));
        api.post("/accounts/:account/tokens").handler(this::issue);
        api.delete("/tokens/:token").handler(this::revoke);
        api.post("/auth/token").handler(this::login);
    }

    private void me(RoutingContext ctx) {
        Principal p = AccessControl.principal(ctx);
        Replies.json(ctx, io.vertx.core.Future.succeededFuture(new JsonObject().put("account", p.accountId())
                .put("role", p.role().name().toLowerCase()).put("organisation", p.organisation())
                .put("region", p.region())));
    }

    private void create(RoutingContext ctx) {
        JsonObject body = Bodies.json(ctx);
        String id = body.getString("id");
        String role = body.getString("role");
        if (id == null || id.isBlank() || role == null || !ROLES.contains(role)) {
            throw Problem.unprocessable("'id' and 'role' (one of " + ROLES + ") are required");
        }
        String password = body.getString("password");
        if (password != null && password.length() < 12) {
            throw Problem.unprocessable("a password must have at least 12 characters");
        }
        String hash = password == null ? null : DevicePasswords.hash(password, PASSWORD_ROUNDS);
        Replies.json(ctx, 201, db.run(c -> Rows.query(c, CREATE, Arrays.asList(id, body.getString("name", id), role,
                body.getString("organisationId"), body.getString("region"), hash)).getJsonObject(0)));
    }

    private void issue(RoutingContext ctx) {
        String account = ctx.pathParam("account");
        String label = ctx.body().length() == 0 ? null : Bodies.json(ctx).getString("label");
        Replies.json(ctx, 201, db.run(c -> {
            if (Rows.query(c, "SELECT 1 FROM account WHERE id = ?", List.of(account)).isEmpty()) {
                throw Problem.notFound("account " + account + " does not exist");
            }
            Object[] token = Tokens.issue(c, account, label);
            return new JsonObject().put("id", token[0]).put("account", account).put("token", token[1])
                    .put("note", "the token is shown only now; send it as 'Authorization: Bearer …'");
        }));
    }

    private void login(RoutingContext ctx) {
        JsonObject body = Bodies.json(ctx);
        String account = body.getString("account");
        String password = body.getString("password");
        Replies.json(ctx, 201, db.run(c -> {
            var rows = account == null ? null : Rows.query(c, PASSWORD, List.of(account));
            if (rows == null || rows.isEmpty() || password == null
                    || !DevicePasswords.verify(password, rows.getJsonObject(0).getString("passwordHash"))) {
                throw new Problem(401, "Unauthorized", "unknown account or wrong password");
            }
            Object[] token = Tokens.issue(c, account, body.getString("label", "password login"));
            return new JsonObject().put("id", token[0]).put("account", account).put("token", token[1]);
        }));
    }

    private void revoke(RoutingContext ctx) {
        String token = ctx.pathParam("token");
        Principal caller = AccessControl.principal(ctx);
        Replies.noContent(ctx, db.run(c -> {
            var owner = Rows.query(c, TOKEN_OWNER, List.of(token));
            if (owner.isEmpty() || (caller.role() != Principal.Role.ADMIN
                    && !caller.accountId().equals(owner.getJsonObject(0).getString("accountId")))) {
                throw Problem.notFound("token " + token + " does not exist or is not yours");
            }
            Rows.update(c, REVOKE, List.of(token));
            return null;
        }));
    }
}
