package io.liftwatch.api.access;

import io.liftwatch.api.Blocking;
import io.liftwatch.api.Problem;
import io.liftwatch.api.access.AccessRules.Rule;
import io.liftwatch.api.access.AccessRules.Scope;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The access decision for one served route, run by the router just before that route's own handlers and
 * before the body is read: who is calling (a token, the console's session cookie with its CSRF header on
 * writes, the broker's token, or a live-stream ticket), whether the role may call this route (401, 403),
 * and whether every object the route's path parameters and the query name lies within the caller's reach
 * (404, as if it did not exist). Lists get the caller's own filter forced.
 */
public final class RouteGuard implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(RouteGuard.class);
    private static final String GUARDED = "liftwatch.guarded";
    /** The body limit of the route being served, for the answer when a body exceeds it. */
    public static final String BODY_LIMIT = "liftwatch.body-limit";
    /** Path parameters that name an object, besides the route's own {@code :id}. */
    private static final Map<String, Scope> PATH_OBJECTS = Map.of("alarmId", Scope.ALARM, "statement", Scope.STATEMENT,
            "cost", Scope.COST, "household", Scope.HOUSEHOLD);
    /** Query parameters that name an object. */
    private static final Map<String, Scope> QUERY_OBJECTS = Map.of("lift", Scope.LIFT);
    /** The only route that takes a ticket instead of a token: a browser's EventSource sends no headers. */
    private static final String TICKET_ROUTE = "/alarms/stream";
    /** Methods that change nothing, and so need no CSRF token with the session cookie. */
    private static final java.util.Set<HttpMethod> SAFE = java.util.Set.of(HttpMethod.GET, HttpMethod.HEAD);

    private final String route;
    private final Rule rule;
    private final Blocking db;
    private final boolean enabled;
    private final byte[] brokerToken;
    private final long bodyLimit;

    RouteGuard(HttpMethod method, String template, Rule rule, Blocking db, boolean enabled, String brokerToken,
               long bodyLimit) {
        this.bodyLimit = bodyLimit;
        this.route = method + " " + template;
        this.rule = rule;
        this.db = db;
        this.enabled = enabled;
        this.brokerToken = brokerToken == null ? null : brokerToken.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void handle(RoutingContext ctx) {
        // Where two templates match one path, the first route the router would dispatch to decides.
        if (ctx.get(GUARDED) != null) {
            ctx.next();
            return;
        }
        ctx.put(GUARDED, route);
        ctx.put(BODY_LIMIT, bodyLimit);
        if (rule.isPublic()) {
            ctx.next();
            return;
        }
        if (!enabled) {
            admit(ctx, Principal.unrestricted());
            return;
        }
        String bearer = bearer(ctx);
        String ticket = route.equals("GET " + TICKET_ROUTE) ? ctx.request().getParam("ticket") : null;
        String session = bearer == null && ticket == null ? session(ctx) : null;
        if (bearer == null && ticket == null && session == null) {
            refuse(ctx, null, new Problem(401, "Unauthorized", "an API token is required: 'Authorization: Bearer lw_…'"
                    + " (POST /api/v1/auth/token gives one for an account's password)"));
            return;
        }
        if (session != null && !SAFE.contains(ctx.request().method())
                && !SessionRoutes.csrfMatches(session, ctx.request().getHeader(SessionRoutes.CSRF_HEADER))) {
            refuse(ctx, null, new Problem(403, "Forbidden", "a write made with the session cookie must carry the"
                    + " session's " + SessionRoutes.CSRF_HEADER + " header"));
            return;
        }
        if (session != null) {
            ctx.put(SessionRoutes.CSRF, SessionRoutes.csrfFor(session));
        }
        String token = bearer != null ? bearer : session;
        List<Reach.Named> objects = namedObjects(ctx);
        HttpServerRequest request = ctx.request();
        boolean ended = request.isEnded();
        if (!ended) {
            request.pause();
        }
        db.run(c -> {
            Principal principal = isBroker(bearer) ? Principal.broker()
                    : token != null ? Tokens.resolve(c, token) : Tokens.redeemTicket(c, ticket);
            if (principal == null || !rule.roles().contains(principal.role())
                    || principal.role() == Principal.Role.ADMIN) {
                return new Decision(principal, null);
            }
            return new Decision(principal, Reach.firstOutOfReach(c, principal, objects));
        }).onComplete(result -> {
            if (!ended) {
                request.resume();
            }
            if (result.failed()) {
                ctx.fail(result.cause());
            } else {
                decide(ctx, result.result());
            }
        });
    }

    private record Decision(Principal principal, Reach.Named outOfReach) {
    }

    private void decide(RoutingContext ctx, Decision decision) {
        Principal principal = decision.principal();
        if (principal == null) {
            refuse(ctx, null, new Problem(401, "Unauthorized", "the token is unknown, expired or revoked"));
        } else if (!rule.roles().contains(principal.role())) {
            refuse(ctx, principal, new Problem(403, "Forbidden", "the " + principal.role().name().toLowerCase()
                    + " account " + principal.accountId() + " may not " + route));
        } else if (decision.outOfReach() != null) {
            refuse(ctx, principal, Problem.notFound(decision.outOfReach().describe()
                    + " does not exist, or is not within the reach of account " + principal.accountId()));
        } else if (!forceOwnFilter(ctx, principal)) {
            refuse(ctx, principal, Problem.notFound("account " + principal.accountId() + " may list only its own "
                    + AccessRules.LIST_FILTERS.get(principal.role()) + ": that filter is not within its reach"));
        } else {
            admit(ctx, principal);
        }
    }

    /** The objects named by the path and the query, each to be within reach. */
    private List<Reach.Named> namedObjects(RoutingContext ctx) {
        List<Reach.Named> objects = new ArrayList<>();
        if (rule.scope() != Scope.NONE) {
            objects.add(new Reach.Named("path", rule.scope(), ctx.pathParam(rule.scope().parameter), rule.creates()));
        }
        PATH_OBJECTS.forEach((parameter, scope) -> {
            String value = ctx.pathParam(parameter);
            if (value != null && !parameter.equals(rule.scope().parameter)) {
                objects.add(new Reach.Named("path", scope, value));
            }
        });
        QUERY_OBJECTS.forEach((parameter, scope) -> ctx.queryParam(parameter).forEach(value ->
                objects.add(new Reach.Named("query parameter '" + parameter + "'", scope, value))));
        return objects;
    }

    /** Lists: a scoped account sees its own organisation or district only; asking for another's is refused. */
    private boolean forceOwnFilter(RoutingContext ctx, Principal principal) {
        String filter = AccessRules.LIST_FILTERS.get(principal.role());
        if (!rule.forceRegion() || filter == null) {
            return true;
        }
        String own = principal.ownFilterValue();
        if (ctx.queryParam(filter).stream().anyMatch(asked -> !asked.equals(own))) {
            return false;
        }
        ctx.request().params().set(filter, own);
        return true;
    }

    private void admit(RoutingContext ctx, Principal principal) {
        ctx.put(AccessControl.PRINCIPAL, principal);
        if (ctx.request().method() != HttpMethod.GET) {
            WriteLog.onEnd(ctx, db, principal);
        }
        ctx.next();
    }

    private void refuse(RoutingContext ctx, Principal principal, Problem problem) {
        LOG.warn("refused {} {} ({}) for {}: {} {}", ctx.request().method(), ctx.request().path(), route,
                principal == null ? "an unauthenticated caller" : "account " + principal.accountId(),
                problem.status(), problem.getMessage());
        ctx.fail(problem);
    }

    private boolean isBroker(String bearer) {
        return bearer != null && brokerToken != null
                && MessageDigest.isEqual(brokerToken, bearer.getBytes(StandardCharsets.UTF_8));
    }

    /** The console's session token from its cookie, or null. */
    private static String session(RoutingContext ctx) {
        io.vertx.core.http.Cookie cookie = ctx.request().getCookie(SessionRoutes.COOKIE);
        return cookie == null || cookie.getValue().isBlank() ? null : cookie.getValue();
    }

    private static String bearer(RoutingContext ctx) {
        String header = ctx.request().getHeader("authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = header.substring(7).trim();
            return token.isEmpty() ? null : token;
        }
        return null;
    }
}
