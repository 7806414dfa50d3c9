package io.liftwatch.api.access;

import io.liftwatch.api.access.Principal.Role;
import io.vertx.core.http.HttpMethod;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who may call what, in one table: for each endpoint the roles allowed, the object its path names (whose
 * lifts must be within the caller's reach), and for lists the filter forced on each scoped role. An
 * endpoint missing from the table is refused to everyone.
 */
final class AccessRules {
    /** The object a path names, found by the path parameter of that name. */
    enum Scope {
        NONE(null), LIFT("id"), STAIRWELL("id"), HOUSEHOLD("id"), ALARM("alarmId"), STATEMENT("statement"), COST("cost");

        final String parameter;

        Scope(String parameter) {
            this.parameter = parameter;
        }
    }

    record Rule(Set<HttpMethod> methods, Pattern path, Set<Role> roles, Scope scope, boolean forceRegion) {
    }

    record Match(Rule rule, Matcher path) {
        String object() {
            return rule.scope() == Scope.NONE ? null : path.group(rule.scope().parameter);
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
            rule(GET, "/me", ANYONE, Scope.NONE),
            rule(ANY, "/accounts(/.*)?", ADMIN, Scope.NONE),
            rule(WRITE, "/tokens/:token", ANYONE, Scope.NONE), // the route itself checks ownership
            rule(POST, "/broker/(authenticate|authorize)", EnumSet.of(Role.ADMIN, Role.BROKER), Scope.NONE),
            list("/alarms", READERS),
            list("/alarms/stream", READERS),
            rule(GET, "/alarms/:alarmId/events", READERS, Scope.ALARM),
            rule(POST, "/alarms/:alarmId/(acknowledge|clear|arrived)", COMPANY, Scope.ALARM),
            rule(POST, "/alarms/:alarmId/dispatch", COMPANY, Scope.ALARM),
            list("/rescues", READERS),
            rule(GET, "/notifications", ADMIN, Scope.NONE),
            rule(GET, "/dead-letters", ADMIN, Scope.NONE),
            rule(GET, "/audit/verify", EnumSet.of(Role.ADMIN, Role.BUREAU), Scope.NONE),
            list("/compliance", SUPERVISION),
            list("/grid(/export)?", SUPERVISION),
            list("/reports/monthly", SUPERVISION),
            list("/lifts", READERS),
            rule(GET, LIFT_READS, READERS, Scope.LIFT),
            rule(Set.of(HttpMethod.PUT, HttpMethod.DELETE), "/lifts/:id", ADMIN, Scope.NONE),
            rule(WRITE, "/lifts/:id/device-credentials", ADMIN, Scope.NONE),
            rule(POST, "/lifts/:id/(drills|maintenance-visits|maintenance-windows)", COMPANY, Scope.LIFT),
            rule(POST, "/lifts/:id/(inspections|maintenance-contracts)", MANAGER, Scope.LIFT),
            rule(GET, "/organisations", ANYONE, Scope.NONE),
            rule(Set.of(HttpMethod.PUT), "/organisations/:id", ADMIN, Scope.NONE),
            rule(ANY, "/registry(/.*)?", ADMIN, Scope.NONE),
            rule(ANY, "/rule-settings(/.*)?", ADMIN, Scope.NONE),
            rule(Set.of(HttpMethod.PUT), "/stairwells/:id", ADMIN, Scope.NONE),
            rule(ANY, "/stairwells/:id/.+", MANAGER, Scope.STAIRWELL),
            rule(Set.of(HttpMethod.PUT), "/households/:id", MANAGER, Scope.HOUSEHOLD),
            rule(ANY, "/households/:id/parties", MANAGER, Scope.HOUSEHOLD),
            rule(Set.of(HttpMethod.PUT), "/cards/:id", ADMIN, Scope.NONE),
            rule(Set.of(HttpMethod.DELETE), "/costs/:cost", MANAGER, Scope.COST),
            rule(ANY, "/statements/:statement(/.*)?", MANAGER, Scope.STATEMENT));

    private AccessRules() {
    }

    private static Rule rule(Set<HttpMethod> methods, String path, Set<Role> roles, Scope scope) {
        String regex = path.replaceAll(":([A-Za-z]+)", "(?<$1>[^/]+)");
        return new Rule(methods, Pattern.compile(regex), roles, scope, false);
    }

    private static Rule list(String path, Set<Role> roles) {
        Rule plain = rule(GET, path, roles, Scope.NONE);
        return new Rule(plain.methods(), plain.path(), roles, Scope.NONE, true);
    }

    /** The first rule for the request, or null: refused. */
    static Match match(HttpMethod method, String path) {
        for (Rule rule : RULES) {
            Matcher matcher = rule.path().matcher(path);
            if (rule.methods().contains(method) && matcher.matches()) {
                return new Match(rule, matcher);
            }
        }
        return null;
    }
}
