package io.liftwatch.api.registry;

import io.liftwatch.api.Csv;
import io.liftwatch.api.Problem;
import io.liftwatch.common.registry.Card;
import io.liftwatch.common.registry.Household;
import io.liftwatch.common.registry.ImportProblems;
import io.liftwatch.common.registry.ImportReason;
import io.liftwatch.common.registry.Lift;
import io.liftwatch.common.registry.Registry;
import io.liftwatch.common.registry.RegistryFormatException;
import io.liftwatch.common.registry.RegistryJson;
import io.liftwatch.common.registry.Stairwell;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The registry as three CSV files: lifts (each with its stairwell's place), households, cards. Rows are
 * checked by the same rules as the JSON file; every bad row is named with its line and column.
 */
final class RegistryCsv {
    static final List<String> LIFT_COLUMNS = List.of("id", "stairwell_id", "address", "district_code", "street",
            "community", "grid_cell", "building", "unit", "floor_labels", "rated_load_kg", "rated_speed_ms", "model",
            "maintainer_id", "use_unit_id", "service_start", "emergency_id", "use_cert_no");
    static final List<String> HOUSEHOLD_COLUMNS = List.of("id", "stairwell_id", "flat", "floor", "area_m2", "residents");
    static final List<String> CARD_COLUMNS = List.of("id", "household_id", "valid_from", "valid_to");

    private RegistryCsv() {
    }

    static String lifts(Registry registry) {
        Map<String, Stairwell> stairwells = new HashMap<>();
        registry.stairwells().forEach(s -> stairwells.put(s.id(), s));
        List<List<String>> rows = new ArrayList<>();
        for (Lift l : registry.lifts()) {
            Stairwell s = stairwells.get(l.stairwellId());
            rows.add(Arrays.asList(l.id(), l.stairwellId(), s.address(), s.districtCode(), s.street(), s.community(),
                    s.gridCell(), s.building(), s.unit(), String.join("|", l.floorLabels()), text(l.ratedLoadKg()),
                    text(l.ratedSpeedMs()), l.model(), l.maintainerId(), l.useUnitId(), text(l.serviceStart()),
                    l.emergencyId(), l.useCertNo()));
        }
        return Csv.write(LIFT_COLUMNS, rows);
    }

    static String households(Registry registry) {
        List<List<String>> rows = new ArrayList<>();
        for (Household h : registry.households()) {
            rows.add(Arrays.asList(h.id(), h.stairwellId(), h.flat(), h.floor(), text(h.areaM2()), text(h.residents())));
        }
        return Csv.write(HOUSEHOLD_COLUMNS, rows);
    }

    static String cards(Registry registry) {
        List<List<String>> rows = new ArrayList<>();
        for (Card c : registry.cards()) {
            rows.add(Arrays.asList(c.id(), c.householdId(), text(c.validFrom()), text(c.validTo())));
        }
        return Csv.write(CARD_COLUMNS, rows);
    }

    /** Lifts and the stairwells their rows describe; every bad row is left out and added to {@code problems}. */
    static Registry readLifts(String text, ImportProblems problems) {
        Map<String, Stairwell> stairwells = new LinkedHashMap<>();
        List<Lift> lifts = read(text, LIFT_COLUMNS, problems, (row, where) -> {
            JsonObject stairwell = new JsonObject().put("id", row.get("stairwell_id")).put("address", row.get("address"))
                    .put("districtCode", row.get("district_code")).put("street", row.get("street"))
                    .put("community", row.get("community")).put("gridCell", row.get("grid_cell"))
                    .put("building", row.get("building")).put("unit", row.get("unit"));
            String labels = row.get("floor_labels");
            JsonObject lift = new JsonObject().put("id", row.get("id")).put("stairwellId", row.get("stairwell_id"))
                    .put("floorLabels", labels == null ? null : new JsonArray(List.of((Object[]) labels.split("\\|"))))
                    .put("ratedLoadKg", number(row.get("rated_load_kg"), where, "ratedLoadKg"))
                    .put("ratedSpeedMs", row.get("rated_speed_ms")).put("model", row.get("model"))
                    .put("maintainerId", row.get("maintainer_id")).put("useUnitId", row.get("use_unit_id"))
                    .put("serviceStart", row.get("service_start")).put("emergencyId", row.get("emergency_id"))
                    .put("useCertNo", row.get("use_cert_no"));
            Stairwell place;
            try {
                place = RegistryJson.stairwell(stairwell, where);
            } catch (RegistryFormatException e) {
                // The stairwell's own id is this file's stairwell_id column.
                throw "id".equals(e.field()) ? new RegistryFormatException(where, "stairwellId", e.reason()) : e;
            }
            Lift decoded = RegistryJson.lift(lift, where);
            Stairwell previous = stairwells.putIfAbsent(place.id(), place);
            if (previous != null && !previous.equals(place)) {
                throw new RegistryFormatException(where, "stairwellId", ImportReason.stairwellDiffers(place.id()));
            }
            return decoded;
        });
        return new Registry(List.of(), new ArrayList<>(stairwells.values()), lifts, List.of(), List.of());
    }

    static Registry readHouseholds(String text, ImportProblems problems) {
        List<Household> households = read(text, HOUSEHOLD_COLUMNS, problems, (row, where) -> RegistryJson.household(
                new JsonObject().put("id", row.get("id")).put("stairwellId", row.get("stairwell_id"))
                        .put("flat", row.get("flat")).put("floor", row.get("floor")).put("areaM2", row.get("area_m2"))
                        .put("residents", number(row.get("residents"), where, "residents")), where));
        return new Registry(List.of(), List.of(), List.of(), households, List.of());
    }

    static Registry readCards(String text, ImportProblems problems) {
        List<Card> cards = read(text, CARD_COLUMNS, problems, (row, where) -> RegistryJson.card(
                new JsonObject().put("id", row.get("id")).put("householdId", row.get("household_id"))
                        .put("validFrom", row.get("valid_from")).put("validTo", row.get("valid_to")), where));
        return new Registry(List.of(), List.of(), List.of(), List.of(), cards);
    }

    /**
     * The rows decoded, each bad one left out and named in {@code problems} with its line and column; a file
     * whose first line is not the header cannot be read at all (400).
     */
    private static <T> List<T> read(String text, List<String> columns, ImportProblems problems,
                                    BiFunction<Map<String, String>, String, T> decode) {
        List<Csv.Line> rows = Csv.lines(text);
        if (rows.isEmpty() || !rows.get(0).cells().containsAll(columns.subList(0, 2))) {
            throw Problem.badRequest("the first CSV line must be the header " + String.join(",", columns));
        }
        List<String> header = rows.get(0).cells();
        List<T> items = new ArrayList<>();
        for (Csv.Line record : rows.subList(1, rows.size())) {
            List<String> fields = record.cells();
            int line = Math.toIntExact(record.number());
            if (fields.size() != header.size()) {
                problems.add(new ImportProblems.Problem(line, "line " + line, null, ImportReason.fieldCount(fields.size(), header.size())));
                continue;
            }
            Map<String, String> row = new HashMap<>();
            for (int c = 0; c < header.size(); c++) {
                row.put(header.get(c), fields.get(c).isEmpty() ? null : fields.get(c));
            }
            try {
                T item = decode.apply(row, "line " + line);
                problems.locate(item, line, "line " + line);
                items.add(item);
            } catch (RegistryFormatException e) {
                problems.add(line, e);
            }
        }
        return items;
    }

    private static Object number(String value, String where, String field) {
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new RegistryFormatException(where, field, ImportReason.notWholeNumber());
        }
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
