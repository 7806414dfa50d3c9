package io.liftwatch.api.access;

import io.liftwatch.api.Blocking;
import io.liftwatch.api.Problem;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.List;
import java.util.Set;

/**
 * Access to the API, decided per served route. Once every route is mounted, {@link #guard} puts before
 * each one, on the same template and so on the router's own match, its rule's guard: authentication,
 * role, reach of the objects the path and query name (see {@link RouteGuard}); then a route that reads
 * the body, only after that and up to the route's limit, and checks the reach of ids in it
 * ({@link BodyReach}). Every write is logged with the account that made it.
 */
public final class AccessControl {
    public static final String PRINCIPAL = "liftwatch.principal";
    private static final Set<HttpMethod> WITH_BODY = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
            HttpMethod.DELETE);
    /** The longest name {@code by} may give where access control is off. */
    private static final int LONGEST_AUTHOR = 100;
    /** Body fields that would name who acted; each, like {@code by}, may only name the signed-in account. */
    private static final List<String> AUTHOR_FIELDS = List.of("by", "author", "recordedBy", "confirmedBy",
            "acknowledgedBy", "dispatchedBy", "arrivedBy", "clearedBy", "updatedBy", "issuedBy", "restatedBy");
    /** Guards run before every served route: their order is below any the router assigns. */
    private static final int FIRST_ORDER = -1_000_000;

    private final Blocking db;
    private final boolean enabled;
    private final String brokerToken;
    private final long jsonBodyLimit;
    private final long bulkBodyLimit;

    /**
     * @param enabled       false only where nobody else can reach the API (the local demo, tests)
     * @param brokerToken   the token a broker (EMQX) presents for device authentication, or null
     * @param jsonBodyLimit the largest body an ordinary route reads
     * @param bulkBodyLimit the largest body a registry import reads
     */
    public AccessControl(Blocking db, boolean enabled, String brokerToken, long jsonBodyLimit, long bulkBodyLimit) {
        this.db = db;
        this.enabled = enabled;
        this.brokerToken = brokerToken;
        this.jsonBodyLimit = jsonBodyLimit;
        this.bulkBodyLimit = bulkBodyLimit;
    }

    public static Principal principal(RoutingContext ctx) {
        return ctx.get(PRINCIPAL);
    }

    /**
     * Who did what a write records: the signed-in account, for a machine too (the account its token was
     * issued to; the broker's token as {@code broker}), never a name from the body. A body's {@code by} (or
     * another author field, {@link #AUTHOR_FIELDS}) naming anyone else is refused (422), so nobody acts in
     * another's name and a client that meant to is told; its own name, or none, is accepted. Where access
     * control is off (the local demo, tests) nobody is signed in: {@code by} then names who acts, and without it
     * the record names the stand-in, {@code unrestricted}.
     */
    public static String author(RoutingContext ctx, JsonObject body) {
        Principal principal = principal(ctx);
        if (principal == null) {
            throw new IllegalStateException("a route that records who acts must not be public");
        }
        Object by = body.getValue("by");
        if (principal.isUnrestricted()) {
            if (by == null) {
                return principal.accountId();
            }
            if (!(by instanceof String name) || name.isBlank() || name.length() > LONGEST_AUTHOR) {
                throw Problem.unprocessable("'by' names who acts (1.." + LONGEST_AUTHOR + " characters) or is left out");
            }
            return name;
        }
        for (String field : AUTHOR_FIELDS) {
            Object named = body.getValue(field);
            if (named != null && !principal.accountId().equals(named)) {
                throw Problem.unprocessable("'" + field + "' must be the signed-in account (" + principal.accountId()
                        + ") or left out: a record is written in its author's own name");
            }
        }
        return principal.accountId();
    }

    /** Binds every route {@code api} serves to its rule; fails when a route has none. Call after mounting. */
    public void guard(Router api) {
        List<Route> served = List.copyOf(api.getRoutes());
        for (int i = 0; i < served.size(); i++) {
            Route route = served.get(i);
            if (route.getPath() == null || route.methods() == null) {
                throw new IllegalStateException("every API route needs a path and a method to be guarded");
            }
            for (HttpMethod method : route.methods()) {
                AccessRules.Rule rule = AccessRules.forRoute(method, route.getPath());
                if (rule == null) {
                    throw new IllegalStateException("no access rule covers " + method + " " + route.getPath());
                }
                long bodyLimit = rule.bulk() ? bulkBodyLimit : jsonBodyLimit;
                api.route(method, route.getPath()).order(FIRST_ORDER + 2 * i)
                        .handler(new RouteGuard(method, route.getPath(), rule, db, enabled, brokerToken, bodyLimit));
                // Vert.x keeps body handlers ahead of others within one route: the body gets a route of its own.
                if (WITH_BODY.contains(method)) {
                    api.route(method, route.getPath()).order(FIRST_ORDER + 2 * i + 1)
                            .handler(BodyHandler.create(false).setBodyLimit(bodyLimit)).handler(new BodyReach(db));
                }
            }
        }
    }
}
