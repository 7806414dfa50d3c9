package io.liftwatch.common.registry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * What a file's rows must agree with, looked up in the file itself and then in the database, so a preview
 * names every row that would break the import instead of leaving it to the import's first refusal: what
 * they name must exist (a lift's stairwell and companies, a household's stairwell, a card's household) and
 * be of the right kind (a lift's maintainer a maintenance company, its use unit a property manager); an
 * organisation keeps its kind while lifts or accounts name it; a household lives on a floor a lift of its
 * stairwell serves, in a flat no other household of the stairwell has; no id is given twice.
 */
public final class RegistryReferences {
    private static final String ORGANISATIONS = "SELECT id, kind FROM organisation WHERE id = ANY(?)";
    private static final String ORGANISATION_USES = """
            SELECT o.id, o.kind,
                   (SELECT count(*) FROM lift l WHERE l.maintainer_id = o.id OR l.use_unit_id = o.id)
                   + (SELECT count(*) FROM account a WHERE a.organisation_id = o.id) AS uses
            FROM organisation o WHERE o.id = ANY(?)""";
    /** Registered households with what the fund and statements hold of them, which pins them to their stairwell. */
    private static final String HOUSEHOLD_RECORDS = """
            SELECT h.id, h.stairwell_id,
                   (SELECT count(*) FROM statement_line l WHERE l.household_id = h.id)
                   + (SELECT count(*) FROM fund_entry f WHERE f.household_id = h.id) AS records
            FROM household h WHERE h.id = ANY(?)""";
    private static final String STAIRWELLS = "SELECT id, id FROM stairwell WHERE id = ANY(?)";
    private static final String HOUSEHOLDS = "SELECT id, id FROM household WHERE id = ANY(?)";
    private static final String LIFTS_OF = "SELECT id, stairwell_id, floor_labels FROM lift WHERE stairwell_id = ANY(?)";
    private static final String FLATS_OF = "SELECT id, stairwell_id, flat, floor FROM household WHERE stairwell_id = ANY(?)";

    private RegistryReferences() {
    }

    /** Adds a problem to {@code problems} for every row that the database would refuse or that would break a rule. */
    public static void check(Connection connection, Registry registry, ImportProblems problems) throws SQLException {
        duplicates(registry, problems);
        Map<String, String> organisations = known(connection, ORGANISATIONS, registry.organisations(), Organisation::id,
                Organisation::kind, registry.lifts().stream().flatMap(l -> Stream.of(l.maintainerId(), l.useUnitId())).toList());
        Set<String> stairwells = known(connection, STAIRWELLS, registry.stairwells(), Stairwell::id, Stairwell::id,
                Stream.concat(registry.lifts().stream().map(Lift::stairwellId),
                        registry.households().stream().map(Household::stairwellId)).toList()).keySet();
        Set<String> households = known(connection, HOUSEHOLDS, registry.households(), Household::id, Household::id,
                registry.cards().stream().map(Card::householdId).toList()).keySet();
        for (Lift lift : registry.lifts()) {
            require(problems, lift, "stairwellId", lift.stairwellId(), stairwells, "stairwell");
            kind(problems, lift, "maintainerId", lift.maintainerId(), organisations, "maintenance");
            kind(problems, lift, "useUnitId", lift.useUnitId(), organisations, "property");
        }
        for (Household household : registry.households()) {
            require(problems, household, "stairwellId", household.stairwellId(), stairwells, "stairwell");
        }
        for (Card card : registry.cards()) {
            require(problems, card, "householdId", card.householdId(), households, "household");
        }
        kindsKept(connection, registry, problems);
        billedHouseholdsStay(connection, registry, problems);
        floorsAndFlats(connection, registry, problems);
    }

    private static void require(ImportProblems problems, Object item, String field, String id, Set<String> known, String what) {
        if (id != null && !known.contains(id)) {
            problems.add(item, field, ImportReason.unknown(what, id));
        }
    }

    private static void kind(ImportProblems problems, Object item, String field, String id, Map<String, String> kinds,
                             String expected) {
        if (id == null) {
            return;
        }
        String kind = kinds.get(id);
        if (kind == null) {
            problems.add(item, field, ImportReason.unknown("organisation", id));
        } else if (!kind.equals(expected)) {
            problems.add(item, field, ImportReason.wrongKind(id, kind, expected));
        }
    }

    /** An id given twice in one file would be written twice in one statement, which the database refuses. */
    private static void duplicates(Registry registry, ImportProblems problems) {
        duplicates(registry.organisations(), Organisation::id, problems);
        duplicates(registry.stairwells(), Stairwell::id, problems);
        duplicates(registry.lifts(), Lift::id, problems);
        duplicates(registry.households(), Household::id, problems);
        duplicates(registry.cards(), Card::id, problems);
    }

    private static <T> void duplicates(List<T> items, Function<T, String> id, ImportProblems problems) {
        Set<String> seen = new HashSet<>();
        for (T item : items) {
            if (!seen.add(id.apply(item))) {
                problems.add(item, "id", ImportReason.duplicateId(id.apply(item)));
            }
        }
    }

    /** An organisation of the file that changes kind while lifts or accounts name it in its present kind. */
    private static void kindsKept(Connection connection, Registry registry, ImportProblems problems) throws SQLException {
        if (registry.organisations().isEmpty()) {
            return;
        }
        Map<String, Organisation> inFile = new HashMap<>();
        registry.organisations().forEach(o -> inFile.putIfAbsent(o.id(), o));
        try (PreparedStatement statement = connection.prepareStatement(ORGANISATION_USES)) {
            statement.setArray(1, connection.createArrayOf("text", inFile.keySet().toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    Organisation changed = inFile.get(rows.getString(1));
                    long uses = rows.getLong(3);
                    if (!changed.kind().equals(rows.getString(2)) && uses > 0) {
                        problems.add(changed, "kind", ImportReason.kindInUse(changed.id(), rows.getString(2), uses));
                    }
                }
            }
        }
    }

    /**
     * A household that statements or the fund name keeps its stairwell: its lines and entries are the old
     * stairwell's, and moved it would no longer be found there (payments and accounts would be refused).
     */
    private static void billedHouseholdsStay(Connection connection, Registry registry, ImportProblems problems)
            throws SQLException {
        if (registry.households().isEmpty()) {
            return;
        }
        Map<String, Household> inFile = new HashMap<>();
        registry.households().forEach(h -> inFile.putIfAbsent(h.id(), h));
        try (PreparedStatement statement = connection.prepareStatement(HOUSEHOLD_RECORDS)) {
            statement.setArray(1, connection.createArrayOf("text", inFile.keySet().toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    Household moved = inFile.get(rows.getString(1));
                    long records = rows.getLong(3);
                    if (!moved.stairwellId().equals(rows.getString(2)) && records > 0) {
                        problems.add(moved, "stairwellId",
                                ImportReason.householdBilled(moved.id(), rows.getString(2), records));
                    }
                }
            }
        }
    }

    /**
     * Each household's floor must be a stop of a lift of its stairwell (the file's lifts replacing the
     * registered ones; a stairwell with no lift yet is not checked), and its flat free in that stairwell.
     */
    private static void floorsAndFlats(Connection connection, Registry registry, ImportProblems problems) throws SQLException {
        if (registry.households().isEmpty() && registry.lifts().isEmpty()) {
            return;
        }
        Object[] stairwells = Stream.concat(registry.households().stream().map(Household::stairwellId),
                registry.lifts().stream().map(Lift::stairwellId)).distinct().toArray();
        Map<String, List<String>> liftFloors = new HashMap<>();
        Map<String, String> liftStairwell = new HashMap<>();
        Map<String, String> flatOwner = new HashMap<>();
        List<Household> registered = new ArrayList<>();
        try (PreparedStatement lifts = connection.prepareStatement(LIFTS_OF);
             PreparedStatement flats = connection.prepareStatement(FLATS_OF)) {
            lifts.setArray(1, connection.createArrayOf("text", stairwells));
            try (ResultSet rows = lifts.executeQuery()) {
                while (rows.next()) {
                    liftStairwell.put(rows.getString(1), rows.getString(2));
                    liftFloors.put(rows.getString(1), List.of((String[]) rows.getArray(3).getArray()));
                }
            }
            flats.setArray(1, connection.createArrayOf("text", stairwells));
            try (ResultSet rows = flats.executeQuery()) {
                while (rows.next()) {
                    flatOwner.put(rows.getString(2) + "\n" + rows.getString(3), rows.getString(1));
                    registered.add(new Household(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                            null, null));
                }
            }
        }
        Map<String, Set<String>> servedBefore = served(liftStairwell, liftFloors);
        for (Lift lift : registry.lifts()) {
            liftStairwell.put(lift.id(), lift.stairwellId());
            liftFloors.put(lift.id(), lift.floorLabels());
        }
        Map<String, Set<String>> served = served(liftStairwell, liftFloors);
        Set<String> moving = new HashSet<>();
        registry.households().forEach(h -> moving.add(h.id()));
        flatOwner.values().removeIf(moving::contains);
        for (Household household : registered) {
            // Only a floor the registered lifts serve and the file's would not: older gaps are not the file's doing.
            Set<String> before = servedBefore.getOrDefault(household.stairwellId(), Set.of());
            Set<String> floors = served.get(household.stairwellId());
            if (!moving.contains(household.id()) && before.contains(household.floor()) && !floors.contains(household.floor())) {
                registry.lifts().stream().filter(l -> l.stairwellId().equals(household.stairwellId())).forEach(lift ->
                        problems.add(lift, "floorLabels", ImportReason.floorLeftUnserved(household.floor(), household.id())));
            }
        }
        for (Household household : registry.households()) {
            Set<String> floors = served.get(household.stairwellId());
            if (floors != null && !floors.contains(household.floor())) {
                problems.add(household, "floor", ImportReason.floorNotServed(household.floor(), household.stairwellId(),
                        String.join(", ", new ArrayList<>(floors))));
            }
            String owner = flatOwner.putIfAbsent(household.stairwellId() + "\n" + household.flat(), household.id());
            if (owner != null && !owner.equals(household.id())) {
                problems.add(household, "flat", ImportReason.flatTaken(household.flat(), household.stairwellId(), owner));
            }
        }
    }

    /** The floors each stairwell's lifts serve. */
    private static Map<String, Set<String>> served(Map<String, String> liftStairwell, Map<String, List<String>> liftFloors) {
        Map<String, Set<String>> served = new HashMap<>();
        liftStairwell.forEach((lift, stairwell) ->
                served.computeIfAbsent(stairwell, s -> new LinkedHashSet<>()).addAll(liftFloors.get(lift)));
        return served;
    }

    /** The ids (with a second column: an organisation's kind) the file defines, and those of {@code referenced} the database holds. */
    private static <T> Map<String, String> known(Connection connection, String query, List<T> inFile, Function<T, String> id,
                                                 Function<T, String> second, Collection<String> referenced) throws SQLException {
        Map<String, String> known = new HashMap<>();
        inFile.forEach(item -> known.putIfAbsent(id.apply(item), second.apply(item)));
        Object[] asked = referenced.stream().filter(Objects::nonNull).filter(r -> !known.containsKey(r)).distinct().toArray();
        if (asked.length == 0) {
            return known;
        }
        try (PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setArray(1, connection.createArrayOf("text", asked));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    known.put(rows.getString(1), rows.getString(2));
                }
            }
        }
        return known;
    }
}
