package io.liftwatch.api.access;

import io.liftwatch.api.Blocking;
import io.liftwatch.api.Problem;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Every API request passes here first: the bearer token names an account (401 without a live one), the
 * account's role must be allowed the endpoint (403), an object the path names must lie within the
 * account's reach (404, as if it did not exist), and lists are filtered to what the account covers.
 * Every write is logged with the account that made it.
 */
public final class AccessControl implements Handler<RoutingContext> {
    public static final String PRINCIPAL = "liftwatch.principal";
    private static final String REACH = """
            SELECT array_agg(l.maintainer_id), array_agg(l.use_unit_id), min(s.district_code)
            FROM stairwell s LEFT JOIN lift l ON l.stairwell_id = s.id
            WHERE %s HAVING count(*) > 0""";
    private static final String LOG_WRITE = "INSERT INTO api_write (account_id, method, path, status) VALUES (?, ?, ?, ?)";

    private final Blocking db;
    private final String prefix;
    private final boolean enabled;
    private final String brokerToken;

    /**
     * @param enabled     false only where nobody else can reach the API (the local demo, tests)
     * @param brokerToken the token a broker (EMQX) presents for device authentication, or null
     */
    public AccessControl(Blocking db, String prefix, boolean enabled, String brokerToken) {
        this.db = db;
        this.prefix = prefix;
        this.enabled = enabled;
        this.brokerToken = brokerToken;
    }

    public static Principal principal(RoutingContext ctx) {
        return ctx.get(PRINCIPAL);
    }

    @Override
    public void handle(RoutingContext ctx) {
        String path = ctx.request().path().substring(prefix.length());
        HttpMethod method = ctx.request().method();
        if (path.equals("/openapi.yaml") || (path.equals("/auth/token") && method == HttpMethod.POST)) {
            ctx.next();
            return;
        }
        if (!enabled) {
            admit(ctx, Principal.unrestricted());
            return;
        }
        String token = token(ctx, path);
        if (token == null) {
            ctx.fail(new Problem(401, "Unauthorized", "an API token is required: 'Authorization: Bearer lw_…'"
                    + " (POST /api/v1/auth/token gives one for an account's password)"));
            return;
        }
        if (brokerToken != null && brokerToken.equals(token)) {
            authorize(ctx, new Principal("broker", Principal.Role.BROKER, null, null), path, method);
            return;
        }
        db.run(c -> Tokens.resolve(c, token)).onComplete(resolved -> {
            if (resolved.failed()) {
                ctx.fail(resolved.cause());
            } else if (resolved.result() == null) {
                ctx.fail(new Problem(401, "Unauthorized", "the token is unknown or revoked"));
            } else {
                authorize(ctx, resolved.result(), path, method);
            }
        });
    }

    private void authorize(RoutingContext ctx, Principal principal, String path, HttpMethod method) {
        AccessRules.Match match = AccessRules.match(method, path);
        if (match == null || !match.rule().roles().contains(principal.role())) {
            ctx.fail(new Problem(403, "Forbidden", "the " + principal.role().name().toLowerCase() + " account "
                    + principal.accountId() + " may not " + method + " " + path));
            return;
        }
        if (match.rule().forceRegion()) {
            String filter = AccessRules.LIST_FILTERS.get(principal.role());
            if (filter != null) {
                ctx.request().params().set(filter, principal.role() == Principal.Role.BUREAU ? principal.region()
                        : principal.organisation());
            }
        }
        String object = match.object();
        if (object == null || principal.role() == Principal.Role.ADMIN) {
            admit(ctx, principal);
            return;
        }
        db.run(c -> reaches(c, principal, match.rule().scope(), object)).onComplete(reach -> {
            if (reach.failed()) {
                ctx.fail(reach.cause());
            } else if (!reach.result()) {
                ctx.fail(Problem.notFound(match.rule().scope().name().toLowerCase() + " " + object
                        + " does not exist, or is not within the reach of account " + principal.accountId()));
            } else {
                admit(ctx, principal);
            }
        });
    }

    private void admit(RoutingContext ctx, Principal principal) {
        ctx.put(PRINCIPAL, principal);
        if (ctx.request().method() != HttpMethod.GET) {
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
        ctx.next();
    }

    private static boolean reaches(Connection c, Principal principal, AccessRules.Scope scope, String object)
            throws SQLException {
        String where = switch (scope) {
            case LIFT -> "s.id = (SELECT stairwell_id FROM lift WHERE id = ?)";
            case STAIRWELL -> "s.id = ?";
            case HOUSEHOLD -> "s.id = (SELECT stairwell_id FROM household WHERE id = ?)";
            case ALARM -> "s.id = (SELECT l2.stairwell_id FROM alarm a JOIN lift l2 ON l2.id = a.lift_id"
                    + " WHERE a.id::text = ?)";
            case STATEMENT -> "s.id = (SELECT stairwell_id FROM statement WHERE id::text = ?)";
            case COST -> "s.id = (SELECT stairwell_id FROM cost_item WHERE id::text = ?)";
            case NONE -> "true";
        };
        try (PreparedStatement reach = c.prepareStatement(REACH.formatted(where))) {
            reach.setString(1, object);
            try (ResultSet row = reach.executeQuery()) {
                if (!row.next()) {
                    return false;
                }
                return principal.covers(strings(row.getArray(1)), strings(row.getArray(2)), row.getString(3));
            }
        }
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.stream((Object[]) array.getArray()).filter(Objects::nonNull)
                .map(Object::toString).toList();
    }

    private static String token(RoutingContext ctx, String path) {
        String header = ctx.request().getHeader("authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).trim();
        }
        // A browser's EventSource cannot send headers: the live stream also takes the token as a parameter.
        return path.equals("/alarms/stream") ? ctx.request().getParam("access_token") : null;
    }
}
