package io.liftwatch.api.access;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Whether an object lies within an account's reach: the maintainers, use units and district of the
 * stairwell it belongs to decide. One statement per kind of object.
 */
final class Reach {
    private static final String REACH = """
            SELECT array_agg(l.maintainer_id), array_agg(l.use_unit_id), min(s.district_code)
            FROM stairwell s LEFT JOIN lift l ON l.stairwell_id = s.id
            WHERE %s HAVING count(*) > 0""";
    private static final Map<AccessRules.Scope, String> STAIRWELL_OF = Map.of(
            AccessRules.Scope.LIFT, "s.id = (SELECT stairwell_id FROM lift WHERE id = ?)",
            AccessRules.Scope.STAIRWELL, "s.id = ?",
            AccessRules.Scope.HOUSEHOLD, "s.id = (SELECT stairwell_id FROM household WHERE id = ?)",
            AccessRules.Scope.ALARM, "s.id = (SELECT l2.stairwell_id FROM alarm a JOIN lift l2 ON l2.id = a.lift_id"
                    + " WHERE a.id::text = ?)",
            AccessRules.Scope.STATEMENT, "s.id = (SELECT stairwell_id FROM statement WHERE id::text = ?)",
            AccessRules.Scope.COST, "s.id = (SELECT stairwell_id FROM cost_item WHERE id::text = ?)");

    private Reach() {
    }

    /** A named object the request refers to: where it was named, what it is, its id. */
    record Named(String where, AccessRules.Scope scope, String id) {
        String describe() {
            return scope.name().toLowerCase() + " " + id + " (" + where + ")";
        }
    }

    /** The first object out of the principal's reach, or null when it reaches them all. */
    static Named firstOutOfReach(Connection c, Principal principal, List<Named> objects) throws SQLException {
        for (Named object : objects) {
            if (!reaches(c, principal, object.scope(), object.id())) {
                return object;
            }
        }
        return null;
    }

    private static boolean reaches(Connection c, Principal principal, AccessRules.Scope scope, String object)
            throws SQLException {
        try (PreparedStatement reach = c.prepareStatement(REACH.formatted(STAIRWELL_OF.get(scope)))) {
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
}
