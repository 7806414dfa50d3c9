package io.liftwatch.api.access;

import io.liftwatch.api.Blocking;
import io.liftwatch.api.Bodies;
import io.liftwatch.api.Problem;
import io.liftwatch.api.Replies;
import io.liftwatch.api.Rows;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;

/**
 * The console's sign-in: a password gives a session, which is an ordinary API token with a person's
 * lifetime, carried in an HttpOnly, SameSite=Strict cookie so page scripts never hold it. Because a browser
 * sends a cookie by itself, every write made with it must also carry {@code X-CSRF-Token}: a value derived
 * from the session token, given in the sign-in answer and by {@code GET /me}, which another site can neither
 * read nor compute. A Bearer token needs no such header: no browser attaches it on its own.
 */
public final class SessionRoutes {
    /** The cookie holding the session token. */
    public static final String COOKIE = "lw_session";
    /** The header a write made with the cookie must carry. */
    public static final String CSRF_HEADER = "X-CSRF-Token";
    /** Where the guard leaves the CSRF token of a caller that came with the cookie. */
    static final String CSRF = "liftwatch.csrf";
    private static final int LONGEST_NAME = 200;
    private static final String REVOKE = "UPDATE api_token SET revoked_at = now() WHERE id = ? AND revoked_at IS NULL";

    private final Blocking db;
    private final PasswordLogin passwords;
    private final Duration lifetime;

    SessionRoutes(Blocking db, PasswordLogin passwords, Duration lifetime) {
        this.db = db;
        this.passwords = passwords;
        this.lifetime = lifetime;
    }

    void mount(Router api) {
        api.post("/auth/session").handler(this::signIn);
        api.delete("/auth/session").handler(this::signOut);
        api.get(SignInLinks.PATH).handler(this::signInByLink);
    }

    /** The CSRF token that goes with a session token: not the stored hash, so a database copy gives neither. */
    static String csrfFor(String sessionToken) {
        return Tokens.hash("csrf:" + sessionToken);
    }

    /** Whether the header carries the session's CSRF token, compared in constant time. */
    static boolean csrfMatches(String sessionToken, String header) {
        return header != null && MessageDigest.isEqual(csrfFor(sessionToken).getBytes(StandardCharsets.UTF_8),
                header.trim().getBytes(StandardCharsets.UTF_8));
    }

    private void signIn(RoutingContext ctx) {
        JsonObject body = Bodies.json(ctx);
        String account = Bodies.text(body, "account", LONGEST_NAME, true);
        String password = Bodies.text(body, "password", LONGEST_NAME, true);
        Replies.json(ctx, 201, passwords.verify(ctx, account, password)
                .compose(verified -> db.run(c -> Tokens.issue(c, account, "console session", lifetime)))
                .map(session -> {
                    ctx.response().addCookie(cookie(ctx, session.token(), lifetime.toSeconds()));
                    return new JsonObject().put("account", account).put("csrfToken", csrfFor(session.token()))
                            .put("expiresAt", session.expiresAt().toString());
                }));
    }

    /** A one-time link's code for a session cookie, then on to the console; the code is spent. */
    private void signInByLink(RoutingContext ctx) {
        String code = ctx.queryParam("code").stream().findFirst().orElse(null);
        if (code == null || code.isBlank() || code.length() > LONGEST_NAME) {
            throw Problem.badRequest("query parameter 'code' (from a sign-in link) is required");
        }
        db.transaction(c -> {
            String account = SignInLinks.redeem(c, code);
            return account == null ? null : Tokens.issue(c, account, "console session", lifetime);
        }).onSuccess(session -> {
            if (session == null) {
                ctx.fail(new Problem(401, "Unauthorized", "the sign-in link is unknown, used or expired; sign in with"
                        + " a password at /console/"));
                return;
            }
            ctx.response().addCookie(cookie(ctx, session.token(), lifetime.toSeconds()));
            ctx.response().setStatusCode(303).putHeader("location", "/console/#signed-in").end();
        }).onFailure(ctx::fail);
    }

    /** Ends the caller's session: its token is revoked and the cookie dropped. A Bearer token is revoked elsewhere. */
    private void signOut(RoutingContext ctx) {
        Principal caller = AccessControl.principal(ctx);
        if (ctx.get(CSRF) == null || caller.tokenId() == null) {
            throw Problem.unprocessable("only a console session signs out here; a token is revoked with DELETE /tokens/{id}");
        }
        Replies.noContent(ctx, db.run(c -> Rows.update(c, REVOKE, List.of(caller.tokenId())))
                .compose(revoked -> {
                    ctx.response().addCookie(cookie(ctx, "", 0));
                    return Future.succeededFuture();
                }));
    }

    private static Cookie cookie(RoutingContext ctx, String value, long maxAgeSeconds) {
        boolean https = ctx.request().isSSL() || "https".equalsIgnoreCase(ctx.request().getHeader("x-forwarded-proto"));
        return Cookie.cookie(COOKIE, value).setPath("/").setHttpOnly(true).setSameSite(CookieSameSite.STRICT)
                .setSecure(https).setMaxAge(maxAgeSeconds);
    }
}
