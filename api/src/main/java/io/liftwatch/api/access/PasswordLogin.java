package io.liftwatch.api.access;

import io.liftwatch.api.Blocking;
import io.liftwatch.api.Problem;
import io.liftwatch.api.Rows;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * One password check for every way a person signs in (a token, a console session): throttled per account
 * and address, and an unknown account costs the same work as a wrong password. Both ways share this one
 * instance, so failures through one count against the other.
 */
final class PasswordLogin {
    private static final String PASSWORD = "SELECT password_hash FROM account WHERE id = ? AND disabled_at IS NULL";

    private final Blocking db;
    private final PasswordCheck passwords;
    private final LoginThrottle throttle;
    private final ClientAddress clients;
    private final Vertx vertx;

    PasswordLogin(Vertx vertx, Blocking db, ClientAddress clients) {
        this.vertx = vertx;
        this.db = db;
        this.clients = clients;
        this.passwords = new PasswordCheck(vertx, Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
        this.throttle = new LoginThrottle(Clock.systemUTC());
    }

    /** A new password's hash, made where passwords are checked: off the event loop and the database workers. */
    Future<String> hashOf(String password) {
        return passwords.hashOf(password);
    }

    /**
     * Completes when the password is the account's; fails with 401 (unknown account or wrong password) or
     * 429 with {@code Retry-After} set on the answer (too many failures for the account from this address, or
     * from this address at all). An account that fails often from everywhere is checked more slowly, never locked.
     */
    Future<Void> verify(RoutingContext ctx, String account, String password) {
        String address = clients.of(ctx);
        Duration wait = throttle.retryAfter(account, address);
        if (wait != null) {
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            ctx.response().putHeader("retry-after", String.valueOf(seconds));
            return Future.failedFuture(new Problem(429, "Too Many Requests", "too many failed logins for this"
                    + " account from this address, or from this address; try again in " + seconds + " s"));
        }
        Duration slowed = throttle.delay(account);
        Future<Void> held = slowed.isZero() ? Future.succeededFuture()
                : vertx.timer(slowed.toMillis()).mapEmpty();
        Future<String> stored = held.compose(ready -> db.run(c -> {
            var rows = Rows.query(c, PASSWORD, List.of(account));
            return rows.isEmpty() ? null : rows.getJsonObject(0).getString("passwordHash");
        }));
        return stored.compose(hash -> passwords.matches(password, hash)).compose(matches -> {
            if (!matches) {
                throttle.failed(account, address);
                return Future.failedFuture(new Problem(401, "Unauthorized", "unknown account or wrong password"));
            }
            throttle.succeeded(account, address);
            return Future.succeededFuture();
        });
    }
}
