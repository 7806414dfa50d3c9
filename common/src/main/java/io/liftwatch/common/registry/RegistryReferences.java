package io.liftwatch.common.registry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * What a file's rows name that must exist — a lift's stairwell and companies, a household's stairwell, a
 * card's household — looked up in the file itself and then in the database, so a preview names a row that
 * would break the import instead of leaving it to the import's first refusal.
 */
public final class RegistryReferences {
    private static final String ORGANISATIONS = "SELECT id FROM organisation WHERE id = ANY(?)";
    private static final String STAIRWELLS = "SELECT id FROM stairwell WHERE id = ANY(?)";
    private static final String HOUSEHOLDS = "SELECT id FROM household WHERE id = ANY(?)";

    private RegistryReferences() {
    }

    /** Adds a problem to {@code problems} for every reference that names nothing. */
    public static void check(Connection connection, Registry registry, ImportProblems problems) throws SQLException {
        Set<String> organisations = known(connection, ORGANISATIONS, registry.organisations(), Organisation::id,
                registry.lifts().stream().flatMap(l -> java.util.stream.Stream.of(l.maintainerId(), l.useUnitId())).toList());
        Set<String> stairwells = known(connection, STAIRWELLS, registry.stairwells(), Stairwell::id,
                java.util.stream.Stream.concat(registry.lifts().stream().map(Lift::stairwellId),
                        registry.households().stream().map(Household::stairwellId)).toList());
        Set<String> households = known(connection, HOUSEHOLDS, registry.households(), Household::id,
                registry.cards().stream().map(Card::householdId).toList());
        for (Lift lift : registry.lifts()) {
            require(problems, lift, "stairwellId", lift.stairwellId(), stairwells, "stairwell");
            require(problems, lift, "maintainerId", lift.maintainerId(), organisations, "organisation");
            require(problems, lift, "useUnitId", lift.useUnitId(), organisations, "organisation");
        }
        for (Household household : registry.households()) {
            require(problems, household, "stairwellId", household.stairwellId(), stairwells, "stairwell");
        }
        for (Card card : registry.cards()) {
            require(problems, card, "householdId", card.householdId(), households, "household");
        }
    }

    private static void require(ImportProblems problems, Object item, String field, String id, Set<String> known, String what) {
        if (id != null && !known.contains(id)) {
            problems.add(item, field, ImportReason.unknown(what, id));
        }
    }

    /** The ids the file defines, and those of {@code referenced} the database holds. */
    private static <T> Set<String> known(Connection connection, String query, List<T> inFile, Function<T, String> id,
                                         Collection<String> referenced) throws SQLException {
        Set<String> known = new HashSet<>();
        inFile.forEach(item -> known.add(id.apply(item)));
        Object[] asked = referenced.stream().filter(Objects::nonNull).filter(r -> !known.contains(r)).distinct().toArray();
        if (asked.length == 0) {
            return known;
        }
        try (PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setArray(1, connection.createArrayOf("text", asked));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    known.add(rows.getString(1));
                }
            }
        }
        return known;
    }
}
