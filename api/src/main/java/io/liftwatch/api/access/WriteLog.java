package io.liftwatch.api.access;

import io.liftwatch.api.Blocking;
import io.vertx.ext.web.RoutingContext;

import java.sql.PreparedStatement;

/** Every write through the API, logged with the account that made it and how it ended. */
final class WriteLog {
    private static final String LOG_WRITE = "INSERT INTO api_write (account_id, method, path, status) VALUES (?, ?, ?, ?)";

    private WriteLog() {
    }

    static void onEnd(RoutingContext ctx, Blocking db, Principal principal) {
        String path = ctx.request().path();
        String method = ctx.request().method().name();
        ctx.addEndHandler(done -> db.run(c -> {
            try (PreparedStatement log = c.prepareStatement(LOG_WRITE)) {
                log.setString(1, principal.accountId());
                log.setString(2, method);
                log.setString(3, path);
                log.setInt(4, ctx.response().getStatusCode());
                log.executeUpdate();
            }
            return null;
        }));
    }
}
