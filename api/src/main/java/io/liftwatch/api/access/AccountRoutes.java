package io.liftwatch.api.access;

import io.liftwatch.api.Blocking;
import io.liftwatch.api.Bodies;
import io.liftwatch.api.Problem;
import io.liftwatch.api.Replies;
import io.liftwatch.api.Rows;
import io.liftwatch.common.accounts.AccountRules;
import io.liftwatch.common.registry.Ids;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Accounts and their tokens: an administrator creates accounts and issues tokens for machines; a person
 * exchanges a password for a token that lasts hours, and refreshes it before it expires; a token can be
 * revoked by its account or an administrator. The live stream is opened with a one-minute ticket.
 */
public final class AccountRoutes {
    private static final Set<String> ROLES = Set.of("admin", "maintenance", "property", "bureau", "city");
    private static final int LONGEST_NAME = 200;
    private static final String CREATE = """
            INSERT INTO account (id, name, role, organisation_id, region, password_hash) VALUES (?, ?, ?, ?, ?, ?)
            RETURNING id, name, role, organisation_id, region, created_at""";
    private static final String LIST = """
            SELECT id, name, role, organisation_id, region, language, created_at, disabled_at FROM account ORDER BY id""";
    /** The languages printed pages and files come in; the first is every account's default. */
    private static final List<String> LANGUAGES = List.of("zh-CN", "en");
    private static final String SET_LANGUAGE = "UPDATE account SET language = ? WHERE id = ?";
    private static final String TOKEN_OWNER = "SELECT account_id FROM api_token WHERE id::text = ? AND revoked_at IS NULL";
    private static final String REVOKE = "UPDATE api_token SET revoked_at = now() WHERE id::text = ? AND revoked_at IS NULL";
    private static final String REVOKE_FOR_REFRESH = """
            UPDATE api_token SET revoked_at = now() WHERE id = ? AND revoked_at IS NULL AND expires_at > now()
            RETURNING refreshable_until""";
    private static final String SET_PASSWORD = "UPDATE account SET password_hash = ? WHERE id = ?";
    private static final String SET_REACH = """
            UPDATE account SET role = ?, organisation_id = ?, region = ? WHERE id = ?
            RETURNING id, name, role, organisation_id, region, language, created_at, disabled_at""";
    private static final String TOKENS_OF = """
            SELECT id, label, created_at, expires_at, refreshable_until, revoked_at FROM api_token
            WHERE account_id = ? ORDER BY id DESC LIMIT 200""";
    /** How long a person may keep refreshing after giving the password, before giving it again. */
    static final Duration REFRESHABLE_FOR = Duration.ofDays(7);

    private final Blocking db;
    private final Duration personTokenLifetime;
    private final PasswordLogin passwords;

    /** @param personTokenLifetime how long a token from a password login (or its refresh) lasts */
    /** @param trustedProxies reverse proxies whose {@code X-Forwarded-For} names the client signing in */
    public AccountRoutes(Vertx vertx, Blocking db, Duration personTokenLifetime, List<String> trustedProxies) {
        this.db = db;
        this.personTokenLifetime = personTokenLifetime;
        this.passwords = new PasswordLogin(vertx, db, new ClientAddress(trustedProxies));
    }

    public void mount(Router api) {
        api.get("/me").handler(this::me);
        api.post("/accounts").handler(this::create);
        api.get("/accounts").handler(ctx -> Replies.json(ctx, db.run(c -> new JsonObject()
                .put("items", Rows.query(c, LIST, List.of())))));
        api.post("/accounts/:account/tokens").handler(this::issue);
        api.get("/accounts/:account/tokens").handler(ctx -> Replies.json(ctx, db.run(c -> new JsonObject()
                .put("items", Rows.query(c, TOKENS_OF, List.of(ctx.pathParam("account")))))));
        api.post("/accounts/:account/disable").handler(ctx -> changeAccount(ctx, true));
        api.post("/accounts/:account/enable").handler(ctx -> changeAccount(ctx, false));
        api.put("/accounts/:account/password").handler(this::setPassword);
        api.put("/accounts/:account/reach").handler(this::setReach);
        api.put("/accounts/:account/language").handler(ctx -> setLanguage(ctx, ctx.pathParam("account")));
        api.put("/me/language").handler(ctx -> setLanguage(ctx, AccessControl.principal(ctx).accountId()));
        api.delete("/tokens/:token").handler(this::revoke);
        api.post("/auth/token").handler(this::login);
        api.post("/auth/refresh").handler(this::refresh);
        new SessionRoutes(db, passwords, personTokenLifetime).mount(api);
        api.post("/alarms/stream/tickets").handler(this::ticket);
    }

    private void me(RoutingContext ctx) {
        Principal p = AccessControl.principal(ctx);
        Replies.json(ctx, Future.succeededFuture(new JsonObject().put("account", p.accountId())
                .put("role", p.role().name().toLowerCase()).put("organisation", p.organisation())
                .put("region", p.region()).put("language", p.language())
                .put("tokenExpiresAt", p.expiresAt() == null ? null : p.expiresAt().toString())
                .put("csrfToken", ctx.get(SessionRoutes.CSRF))));
    }

    private void create(RoutingContext ctx) {
        JsonObject body = Bodies.json(ctx);
        String id = Bodies.text(body, "id", LONGEST_NAME, true);
        String role = body.getValue("role") instanceof String r ? r : null;
        if (id == null || role == null || !ROLES.contains(role)) {
            throw Problem.unprocessable("'id' and 'role' (one of " + ROLES + ") are required");
        }
        if (Ids.reason(id) != null) {
            throw Problem.unprocessable("'id' " + Ids.rule());
        }
        String password = Bodies.text(body, "password", LONGEST_NAME, false);
        if (password != null && password.length() < 12) {
            throw Problem.unprocessable("a password must have at least 12 characters");
        }
        String name = Bodies.text(body, "name", LONGEST_NAME, false);
        String organisation = Bodies.text(body, "organisationId", LONGEST_NAME, false);
        String region = Bodies.text(body, "region", 6, false);
        Future<Void> checked = db.run(c -> {
            checkReach(c, role, organisation, region);
            return null;
        });
        Replies.json(ctx, 201, checked.compose(ok -> password == null ? Future.<String>succeededFuture() : passwords.hashOf(password))
                .compose(passwordHash -> db.run(c -> Rows.query(c, CREATE, Arrays.asList(id, name == null ? id : name, role,
                        organisation, region, passwordHash)).getJsonObject(0))));
    }

    /** A token for a machine (the city platform, a broker): valid for {@code expiresInDays}, 1–366, default 90. */
    private void issue(RoutingContext ctx) {
        String account = ctx.pathParam("account");
        JsonObject body = ctx.body().isEmpty() ? new JsonObject() : Bodies.json(ctx);
        String label = Bodies.text(body, "label", LONGEST_NAME, false);
        long days = Bodies.whole(body, "expiresInDays", 1, 366, 90);
        Replies.json(ctx, 201, db.run(c -> {
            if (Rows.query(c, "SELECT 1 FROM account WHERE id = ?", List.of(account)).isEmpty()) {
                throw Problem.notFound("account " + account + " does not exist");
            }
            return issued(Tokens.issue(c, account, label, Duration.ofDays(days)), account)
                    .put("note", "the token is shown only now; send it as 'Authorization: Bearer …'");
        }));
    }

    private void login(RoutingContext ctx) {
        JsonObject body = Bodies.json(ctx);
        String account = Bodies.text(body, "account", LONGEST_NAME, true);
        String password = Bodies.text(body, "password", LONGEST_NAME, true);
        String label = Bodies.text(body, "label", LONGEST_NAME, false);
        Instant refreshableUntil = Instant.now().plus(REFRESHABLE_FOR);
        Replies.json(ctx, 201, passwords.verify(ctx, account, password).compose(verified -> db.run(c ->
                issued(Tokens.issue(c, account, label == null ? "password login" : label, personTokenLifetime,
                        refreshableUntil), account))));
    }

    /**
     * A fresh token for the caller's own, still live token from a password login, which is revoked in the
     * same transaction; for a week after the password was given, not beyond.
     */
    private void refresh(RoutingContext ctx) {
        Principal caller = AccessControl.principal(ctx);
        if (caller.tokenId() == null) {
            throw Problem.unprocessable("only a token can be refreshed; this caller has none");
        }
        if (ctx.get(SessionRoutes.CSRF) != null) {
            throw Problem.unprocessable("a console session is not refreshed: it lasts until it expires or is signed out,"
                    + " then sign in again (POST /auth/session); /auth/refresh renews a token from POST /auth/token");
        }
        Replies.json(ctx, 201, db.transaction(c -> {
            JsonArray revoked = Rows.query(c, REVOKE_FOR_REFRESH, List.of(caller.tokenId()));
            if (revoked.isEmpty()) {
                throw new Problem(401, "Unauthorized", "the token is unknown, expired or revoked");
            }
            String until = revoked.getJsonObject(0).getString("refreshableUntil");
            if (until == null || !Instant.parse(until).isAfter(Instant.now())) {
                throw new Problem(401, "Unauthorized", until == null
                        ? "a token an administrator issued is not refreshed; ask for a new one"
                        : "refreshing has run its week: sign in with the password again");
            }
            return issued(Tokens.issue(c, caller.accountId(), "refreshed", personTokenLifetime,
                    Instant.parse(until)), caller.accountId());
        }));
    }

    /** Disables or enables an account; disabling revokes its tokens, so its open streams close too. */
    private void changeAccount(RoutingContext ctx, boolean disable) {
        String account = ctx.pathParam("account");
        Replies.noContent(ctx, db.transaction(c -> {
            if (disable) {
                keepAnAdministrator(c, account);
            }
            if (disable ? AccountRules.disable(c, account) < 0 : !AccountRules.enable(c, account)) {
                throw Problem.notFound("account " + account + " does not exist");
            }
            return null;
        }));
    }

    /** Sets an account's password (at least 12 characters) and revokes every token it had. */
    private void setPassword(RoutingContext ctx) {
        String account = ctx.pathParam("account");
        String password = Bodies.text(Bodies.json(ctx), "password", LONGEST_NAME, true);
        if (password.length() < 12) {
            throw Problem.unprocessable("a password must have at least 12 characters");
        }
        Replies.noContent(ctx, passwords.hashOf(password).compose(hash -> db.transaction(c -> {
            if (Rows.update(c, SET_PASSWORD, List.of(hash, account)) != 1) {
                throw Problem.notFound("account " + account + " does not exist");
            }
            AccountRules.revokeAll(c, account);
            return null;
        })));
    }

    /**
     * Gives an account another role or reach (organisation or district; the database holds each role to its
     * kind of reach) and revokes every token it had, so no session goes on seeing what it saw before.
     */
    private void setReach(RoutingContext ctx) {
        String account = ctx.pathParam("account");
        JsonObject body = Bodies.json(ctx);
        String role = body.getValue("role") instanceof String r ? r : null;
        if (role == null || !ROLES.contains(role)) {
            throw Problem.unprocessable("'role' (one of " + ROLES + ") is required");
        }
        String organisation = Bodies.text(body, "organisationId", LONGEST_NAME, false);
        String region = Bodies.text(body, "region", 6, false);
        if (region != null && !region.matches("[0-9]{6}")) {
            throw Problem.unprocessable("'region' is a district's six-digit area code (GB/T 2260)");
        }
        Replies.json(ctx, db.transaction(c -> {
            checkReach(c, role, organisation, region);
            if (!role.equals("admin")) {
                keepAnAdministrator(c, account);
            }
            JsonArray changed = Rows.query(c, SET_REACH, Arrays.asList(role, organisation, region, account));
            if (changed.isEmpty()) {
                throw Problem.notFound("account " + account + " does not exist");
            }
            AccountRules.revokeAll(c, account);
            return changed.getJsonObject(0);
        }));
    }

    /**
     * Sets the language an account's printed pages and files come in when a request names none
     * ({@code zh-CN} or {@code en}); the account's own tokens carry it from their next request.
     */
    private void setLanguage(RoutingContext ctx, String account) {
        String language = Bodies.text(Bodies.json(ctx), "language", 5, true);
        if (!LANGUAGES.contains(language)) {
            throw Problem.unprocessable("'language' must be one of " + LANGUAGES + ", got '" + language + "'");
        }
        Replies.noContent(ctx, db.run(c -> {
            if (Rows.update(c, SET_LANGUAGE, List.of(language, account)) != 1) {
                throw Problem.notFound("account " + account + " does not exist");
            }
            return null;
        }));
    }

    /** A one-minute, single-use ticket that opens {@code GET /alarms/stream?ticket=…} as the caller. */
    private void ticket(RoutingContext ctx) {
        Principal caller = AccessControl.principal(ctx);
        if (caller.tokenId() == null) {
            throw Problem.unprocessable("a stream ticket is issued for a token; this caller has none");
        }
        Replies.json(ctx, 201, db.run(c -> new JsonObject().put("ticket", Tokens.issueTicket(c, caller.tokenId()))
                .put("expiresInSeconds", Tokens.TICKET_LIFETIME.toSeconds())));
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

    /** Refuses (422) an organisation or region that does not fit the role ({@link AccountRules#reachProblem}). */
    private static void checkReach(Connection c, String role, String organisation, String region) throws SQLException {
        String problem = AccountRules.reachProblem(c, role, organisation, region, "'organisationId'", "'region'");
        if (problem != null) {
            throw Problem.unprocessable(problem);
        }
    }

    /** Refuses (409) to disable or demote the last enabled administrator. */
    private static void keepAnAdministrator(Connection c, String account) throws SQLException {
        String problem = AccountRules.lastAdministratorProblem(c, account);
        if (problem != null) {
            throw Problem.conflict(problem);
        }
    }

    private static JsonObject issued(Tokens.Issued token, String account) {
        return new JsonObject().put("id", token.id()).put("account", account).put("token", token.token())
                .put("expiresAt", token.expiresAt().toString());
    }
}
