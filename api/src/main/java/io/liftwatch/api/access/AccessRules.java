package io.liftwatch.api.access;

import io.liftwatch.api.access.Principal.Role;
import io.vertx.core.http.HttpMethod;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who may call which route, written in one place. Each rule's pattern is matched against the route
 * templates the router serves ({@code /lifts/:id/runs}), never against request paths: every route is bound
 * to its rule when the API starts, and a route no rule covers stops the start. At request time the router
 * has already matched the route, so the decision uses the route and the path parameters it parsed.
 */
final class AccessRules {
    /** The object a route's path names, found by the path parameter of that name. */
    enum Scope {
        NONE(null), LIFT("id"), STAIRWELL("id"), HOUSEHOLD("id"), ALARM("alarmId"), VISIT("visitId"), WINDOW("windowId"),
        STATEMENT("statement"), COST("cost");

        final String parameter;

        Scope(String parameter) {
            this.parameter = parameter;
        }
    }

    /**
     * @param roles       who may call; empty for a public route (no account needed)
     * @param forceRegion lists: the scoped roles' filter is forced to their own organisation or district
     * @param bulk        whether the route takes whole registries (the large body limit), not a small JSON body
     * @param creates     whether the route may create the object its path names (then a missing one is let
     *                    through, and the ids in its body decide)
     */
    record Rule(Set<HttpMethod> methods, Pattern route, Set<Role> roles, Scope scope, boolean forceRegion,
                boolean bulk, boolean creates) {
        boolean isPublic() {
            return roles.isEmpty();
        }
    }

    /** Lists each scoped role sees filtered to its own: the query parameter forced per role. */
    static final Map<Role, String> LIST_FILTERS = Map.of(Role.MAINTENANCE, "maintainer", Role.PROPERTY, "useUnit",
            Role.BUREAU, "district");

    private static final Set<Role> ANYONE = EnumSet.of(Role.ADMIN, Role.MAINTENANCE, Role.PROPERTY, Role.BUREAU, Role.CITY);
    private static final Set<Role> READERS = EnumSet.of(Role.ADMIN, Role.MAINTENANCE, Role.PROPERTY, Role.BUREAU);
    private static final Set<Role> ADMIN = EnumSet.of(Role.ADMIN);
    private static final Set<Role> COMPANY = EnumSet.of(Role.ADMIN, Role.MAINTENANCE);
    private static final Set<Role> MANAGER = EnumSet.of(Role.ADMIN, Role.PROPERTY);
    private static final Set<Role> SUPERVISION = EnumSet.of(Role.ADMIN, Role.BUREAU, Role.CITY);
    private static final Set<HttpMethod> GET = Set.of(HttpMethod.GET);
    private static final Set<HttpMethod> POST = Set.of(HttpMethod.POST);
    private static final Set<HttpMethod> WRITE = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE);
    private static final Set<HttpMethod> ANY = Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE);

    private static final String LIFT_READS = "/lifts/:id(/(counters|events|faults|runs|inspections|maintenance-contracts"
            + "|maintenance-visits|drills|maintenance-windows|rule-settings))?";

    private static final List<Rule> RULES = List.of(
            publicRoute(GET, "/openapi.yaml"),
            publicRoute(POST, "/auth/(token|session)"),
            publicRoute(GET, "/auth/session/link"),
            rule(Set.of(HttpMethod.DELETE), "/auth/session", ANYONE, Scope.NONE),
            rule(POST, "/auth/refresh", ANYONE, Scope.NONE),
            rule(GET, "/me", ANYONE, Scope.NONE),
            rule(Set.of(HttpMethod.PUT), "/me/language", ANYONE, Scope.NONE),
            rule(ANY, "/accounts(/.*)?", ADMIN, Scope.NONE),
            rule(WRITE, "/tokens/:token", ANYONE, Scope.NONE), // the route itself checks ownership
            rule(POST, "/broker/(authenticate|authorize)", EnumSet.of(Role.ADMIN, Role.BROKER), Scope.NONE),
            list("/alarms", READERS),
            list("/alarms/stream", READERS),
            rule(POST, "/alarms/stream/tickets", READERS, Scope.NONE),
            rule(GET, "/alarms/:alarmId/events", READERS, Scope.ALARM),
            rule(POST, "/alarms/:alarmId/(acknowledge|clear|arrived)", COMPANY, Scope.ALARM),
            rule(POST, "/alarms/:alarmId/dispatch", COMPANY, Scope.ALARM),
            list("/rescues", READERS),
            rule(GET, "/notifications", ADMIN, Scope.NONE),
            rule(GET, "/dead-letters", ADMIN, Scope.NONE),
            list("/audit/verify", EnumSet.of(Role.ADMIN, Role.BUREAU)),
            list("/compliance", SUPERVISION),
            list("/grid(/export)?", SUPERVISION),
            list("/reports/monthly", SUPERVISION),
            list("/maintenance-plan", COMPANY),
            list("/streets", ANYONE),
            list("/lifts", READERS),
            rule(GET, LIFT_READS, READERS, Scope.LIFT),
            rule(Set.of(HttpMethod.PUT, HttpMethod.DELETE), "/lifts/:id", ADMIN, Scope.NONE),
            rule(WRITE, "/lifts/:id/device-credentials", ADMIN, Scope.NONE),
            rule(GET, "/device-credentials(/mosquitto/liftwatch\\.(passwd|acl))?", ADMIN, Scope.NONE),
            rule(POST, "/lifts/:id/(drills|maintenance-visits|maintenance-windows)", COMPANY, Scope.LIFT),
            rule(POST, "/lifts/:id/(inspections|maintenance-contracts)", MANAGER, Scope.LIFT),
            rule(POST, "/maintenance-visits/:visitId/confirmation", MANAGER, Scope.VISIT),
            rule(POST, "/maintenance-windows/:windowId/end", COMPANY, Scope.WINDOW),
            rule(GET, "/organisations", ANYONE, Scope.NONE),
            rule(Set.of(HttpMethod.PUT), "/organisations/:id", ADMIN, Scope.NONE),
            bulk(ANY, "/registry(/.*)?", ADMIN),
            rule(ANY, "/rule-settings(/.*)?", ADMIN, Scope.NONE),
            rule(Set.of(HttpMethod.PUT), "/stairwells/:id", ADMIN, Scope.NONE),
            rule(ANY, "/stairwells/:id/.+", MANAGER, Scope.STAIRWELL),
            creates(Set.of(HttpMethod.PUT), "/households/:id", MANAGER, Scope.HOUSEHOLD),
            rule(ANY, "/households/:id/parties", MANAGER, Scope.HOUSEHOLD),
            rule(Set.of(HttpMethod.PUT), "/cards/:id", ADMIN, Scope.NONE),
            rule(Set.of(HttpMethod.DELETE), "/costs/:cost", MANAGER, Scope.COST),
            rule(ANY, "/statements/:statement(/.*)?", MANAGER, Scope.STATEMENT));

    private AccessRules() {
    }

    private static Rule rule(Set<HttpMethod> methods, String route, Set<Role> roles, Scope scope) {
        return new Rule(methods, Pattern.compile(route), roles, scope, false, false, false);
    }

    private static Rule creates(Set<HttpMethod> methods, String route, Set<Role> roles, Scope scope) {
        return new Rule(methods, Pattern.compile(route), roles, scope, false, false, true);
    }

    private static Rule publicRoute(Set<HttpMethod> methods, String route) {
        return new Rule(methods, Pattern.compile(route), Set.of(), Scope.NONE, false, false, false);
    }

    private static Rule list(String route, Set<Role> roles) {
        return new Rule(GET, Pattern.compile(route), roles, Scope.NONE, true, false, false);
    }

    private static Rule bulk(Set<HttpMethod> methods, String route, Set<Role> roles) {
        return new Rule(methods, Pattern.compile(route), roles, Scope.NONE, false, true, false);
    }

    /** The first rule covering a served route (its method and template, as the router holds it), or null. */
    static Rule forRoute(HttpMethod method, String template) {
        for (Rule rule : RULES) {
            if (rule.methods().contains(method) && rule.route().matcher(template).matches()) {
                return rule;
            }
        }
        return null;
    }
}
