package io.liftwatch.api.access;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Whether an object lies within an account's reach. A lift, or an alarm of it, is reached by its own
 * maintainer, its own use unit and its district's bureau; anything of a stairwell (households, costs,
 * statements) by whoever is responsible for every lift in it, and its district's bureau. Two companies
 * whose lifts share a stairwell therefore never reach each other's lifts.
 */
final class Reach {
    private static final String REACH = """
            SELECT array_agg(l.maintainer_id), array_agg(l.use_unit_id), min(s.district_code)
            FROM stairwell s LEFT JOIN lift l ON l.stairwell_id = s.id
            WHERE %s HAVING count(*) > 0""";
    private static final String LIFT_REACH = """
            SELECT ARRAY[l.maintainer_id], ARRAY[l.use_unit_id], s.district_code
            FROM lift l JOIN stairwell s ON s.id = l.stairwell_id WHERE %s""";
    private static final Map<AccessRules.Scope, String> LIFT_OF = Map.of(
            AccessRules.Scope.LIFT, "l.id = ?",
            AccessRules.Scope.ALARM, "l.id = (SELECT lift_id FROM alarm WHERE id::text = ?)",
            AccessRules.Scope.VISIT, "l.id = (SELECT lift_id FROM maintenance_visit WHERE id::text = ?)",
            AccessRules.Scope.WINDOW, "l.id = (SELECT lift_id FROM maintenance_window WHERE id::text = ?)");
    private static final Map<AccessRules.Scope, String> STAIRWELL_OF = Map.of(
            AccessRules.Scope.STAIRWELL, "s.id = ?",
            AccessRules.Scope.HOUSEHOLD, "s.id = (SELECT stairwell_id FROM household WHERE id = ?)",
            AccessRules.Scope.STATEMENT, "s.id = (SELECT stairwell_id FROM statement WHERE id::text = ?)",
            AccessRules.Scope.COST, "s.id = (SELECT stairwell_id FROM cost_item WHERE id::text = ?)");

    private Reach() {
    }

    /**
     * A named object the request refers to: where it was named, what it is, its id, and whether the request
     * may be creating it (then one that does not exist yet is not refused here).
     */
    record Named(String where, AccessRules.Scope scope, String id, boolean mayBeNew) {
        Named(String where, AccessRules.Scope scope, String id) {
            this(where, scope, id, false);
        }

        String describe() {
            return scope.name().toLowerCase() + " " + id + " (" + where + ")";
        }
    }

    /** The first object out of the principal's reach, or null when it reaches them all. */
    static Named firstOutOfReach(Connection c, Principal principal, List<Named> objects) throws SQLException {
        for (Named object : objects) {
            if (!reaches(c, principal, object)) {
                return object;
            }
        }
        return null;
    }

    private static boolean reaches(Connection c, Principal principal, Named object) throws SQLException {
        AccessRules.Scope scope = object.scope();
        String sql = LIFT_OF.containsKey(scope) ? LIFT_REACH.formatted(LIFT_OF.get(scope))
                : REACH.formatted(STAIRWELL_OF.get(scope));
        try (PreparedStatement reach = c.prepareStatement(sql)) {
            reach.setString(1, object.id());
            try (ResultSet row = reach.executeQuery()) {
                if (!row.next()) {
                    return object.mayBeNew() && !exists(c, scope, object.id());
                }
                return principal.covers(strings(row.getArray(1)), strings(row.getArray(2)), row.getString(3));
            }
        }
    }

    private static boolean exists(Connection c, AccessRules.Scope scope, String id) throws SQLException {
        String table = switch (scope) {
            case HOUSEHOLD -> "household";
            default -> throw new IllegalArgumentException(scope + " is not created through its path");
        };
        try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM " + table + " WHERE id = ?")) {
            exists.setString(1, id);
            try (ResultSet row = exists.executeQuery()) {
                return row.next();
            }
        }
    }

    /** The array's values; a lift with no maintainer or use unit stays in it as null, reached by nobody. */
    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((Object[]) array.getArray()).stream()
                .map(value -> value == null ? null : value.toString()).toList();
    }
}
