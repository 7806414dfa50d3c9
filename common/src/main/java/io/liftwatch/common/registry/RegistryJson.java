package io.liftwatch.common.registry;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/** The registry file format (JSON): the same document the API imports and exports. */
public final class RegistryJson {
    private static final Pattern DISTRICT = Pattern.compile("[0-9]{6}");
    private static final List<String> ORG_KINDS = List.of("maintenance", "property", "bureau");
    /** The ranges of the registry's numbers, as the tables keep them (numeric(4, 2), numeric(7, 2)) or sensibly bound. */
    private static final int MOST_STOPS = 64;
    private static final int HEAVIEST_LOAD_KG = 100_000;
    private static final BigDecimal FASTEST_MS = new BigDecimal("99.99");
    private static final BigDecimal LARGEST_AREA_M2 = new BigDecimal("99999.99");
    private static final int MOST_RESIDENTS = 1_000;
    private static final int LONGEST_TEXT = 200;
    /** A lift may have been in service before 2000; every other date lies between 2000 and 2099. */
    private static final LocalDate EARLIEST_SERVICE = LocalDate.of(1950, 1, 1);
    private static final LocalDate EARLIEST_DAY = LocalDate.of(2000, 1, 1);
    private static final LocalDate LATEST_DAY = LocalDate.of(2099, 12, 31);

    private RegistryJson() {
    }

    public static JsonObject toJson(Registry registry) {
        return new JsonObject()
                .put("organisations", array(registry.organisations(), RegistryJson::organisation))
                .put("stairwells", array(registry.stairwells(), RegistryJson::stairwell))
                .put("lifts", array(registry.lifts(), RegistryJson::lift))
                .put("households", array(registry.households(), RegistryJson::household))
                .put("cards", array(registry.cards(), RegistryJson::card));
    }

    /** Reads a registry document; throws {@link RegistryFormatException} naming the first bad entry. */
    public static Registry fromJson(JsonObject json) {
        ImportProblems problems = ImportProblems.ofJson();
        Registry registry = read(json, problems);
        if (!problems.isEmpty()) {
            ImportProblems.Problem first = problems.kept().get(0);
            throw new RegistryFormatException(first.entry(), first.field(), first.why());
        }
        return registry;
    }

    /** Reads a registry document, every bad entry left out and added to {@code problems}. */
    public static Registry read(JsonObject json, ImportProblems problems) {
        return new Registry(
                list(json, "organisations", RegistryJson::organisation, problems),
                list(json, "stairwells", RegistryJson::stairwell, problems),
                list(json, "lifts", RegistryJson::lift, problems),
                list(json, "households", RegistryJson::household, problems),
                list(json, "cards", RegistryJson::card, problems));
    }

    public static JsonObject organisation(Organisation o) {
        return new JsonObject().put("id", o.id()).put("name", o.name()).put("kind", o.kind()).put("phone", o.phone());
    }

    public static JsonObject stairwell(Stairwell s) {
        return new JsonObject().put("id", s.id()).put("address", s.address()).put("districtCode", s.districtCode())
                .put("street", s.street()).put("community", s.community()).put("gridCell", s.gridCell())
                .put("building", s.building()).put("unit", s.unit());
    }

    public static JsonObject lift(Lift l) {
        return new JsonObject().put("id", l.id()).put("stairwellId", l.stairwellId())
                .put("emergencyId", l.emergencyId()).put("useCertNo", l.useCertNo()).put("model", l.model())
                .put("floorLabels", new JsonArray(l.floorLabels())).put("ratedLoadKg", l.ratedLoadKg())
                .put("ratedSpeedMs", l.ratedSpeedMs()).put("maintainerId", l.maintainerId())
                .put("useUnitId", l.useUnitId())
                .put("serviceStart", l.serviceStart() == null ? null : l.serviceStart().toString());
    }

    public static JsonObject household(Household h) {
        return new JsonObject().put("id", h.id()).put("stairwellId", h.stairwellId()).put("flat", h.flat())
                .put("floor", h.floor()).put("areaM2", h.areaM2()).put("residents", h.residents());
    }

    public static JsonObject card(Card c) {
        return new JsonObject().put("id", c.id()).put("householdId", c.householdId())
                .put("validFrom", c.validFrom().toString())
                .put("validTo", c.validTo() == null ? null : c.validTo().toString());
    }

    public static Organisation organisation(JsonObject j, String where) {
        String kind = text(j, "kind", where, true);
        if (!ORG_KINDS.contains(kind)) {
            throw new RegistryFormatException(where, "kind", ImportReason.notOneOf(ORG_KINDS));
        }
        return new Organisation(id(j, where), text(j, "name", where, true), kind,
                text(j, "phone", where, false));
    }

    public static Stairwell stairwell(JsonObject j, String where) {
        String district = text(j, "districtCode", where, true);
        if (!DISTRICT.matcher(district).matches()) {
            throw new RegistryFormatException(where, "districtCode", ImportReason.notAreaCode());
        }
        return new Stairwell(id(j, where), text(j, "address", where, true), district,
                text(j, "street", where, true), text(j, "community", where, true), text(j, "gridCell", where, true),
                text(j, "building", where, true), text(j, "unit", where, true));
    }

    public static Lift lift(JsonObject j, String where) {
        String id = text(j, "id", where, true);
        ImportReason invalid = RegistrationCode.reason(id);
        if (invalid != null) {
            throw new RegistryFormatException(where, "id", invalid);
        }
        JsonArray labels = j.getJsonArray("floorLabels");
        if (labels == null || labels.size() < 2) {
            throw new RegistryFormatException(where, "floorLabels", ImportReason.tooFewStops());
        }
        if (labels.size() > MOST_STOPS) {
            throw new RegistryFormatException(where, "floorLabels", ImportReason.tooManyStops(MOST_STOPS));
        }
        List<String> floorLabels = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            Object label = labels.getValue(i);
            if (!(label instanceof String s) || s.isBlank() || s.length() > 8 || floorLabels.contains(s)) {
                throw new RegistryFormatException(where, "floorLabels[" + i + "]", ImportReason.badFloorLabel());
            }
            floorLabels.add(s);
        }
        Integer load = integer(j, "ratedLoadKg", where, 1, HEAVIEST_LOAD_KG);
        BigDecimal speed = decimal(j, "ratedSpeedMs", where, FASTEST_MS);
        return new Lift(id, text(j, "stairwellId", where, true), text(j, "emergencyId", where, false),
                text(j, "useCertNo", where, false), text(j, "model", where, false), floorLabels, load, speed,
                text(j, "maintainerId", where, false), text(j, "useUnitId", where, false),
                date(j, "serviceStart", where, false, EARLIEST_SERVICE));
    }

    public static Household household(JsonObject j, String where) {
        String id = id(j, where);
        Integer residents = integer(j, "residents", where, 0, MOST_RESIDENTS);
        BigDecimal area = decimal(j, "areaM2", where, LARGEST_AREA_M2);
        return new Household(id, text(j, "stairwellId", where, true),
                text(j, "flat", where, true), text(j, "floor", where, true), area, residents);
    }

    public static Card card(JsonObject j, String where) {
        String id = id(j, where);
        LocalDate from = date(j, "validFrom", where, true, EARLIEST_DAY);
        LocalDate to = date(j, "validTo", where, false, EARLIEST_DAY);
        if (to != null && !to.isAfter(from)) {
            throw new RegistryFormatException(where, "validTo", ImportReason.endsBeforeStart("validFrom"));
        }
        return new Card(id, text(j, "householdId", where, true), from, to);
    }

    private static <T> JsonArray array(List<T> items, java.util.function.Function<T, JsonObject> encode) {
        JsonArray array = new JsonArray();
        items.forEach(item -> array.add(encode.apply(item)));
        return array;
    }

    private static <T> List<T> list(JsonObject json, String name, BiFunction<JsonObject, String, T> decode,
                                    ImportProblems problems) {
        Object value = json.getValue(name);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof JsonArray array)) {
            problems.add(null, new RegistryFormatException(name, null, ImportReason.notAnArray()));
            return List.of();
        }
        List<T> items = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            String where = name + "[" + i + "]";
            try {
                if (!(array.getValue(i) instanceof JsonObject object)) {
                    throw new RegistryFormatException(where, null, ImportReason.notAnObject());
                }
                T item = decode.apply(object, where);
                problems.locate(item, null, where);
                items.add(item);
            } catch (RegistryFormatException e) {
                problems.add(null, e);
            }
        }
        return items;
    }

    /** The entry's id, held to {@link Ids}' rule. */
    private static String id(JsonObject j, String where) {
        if (j.getValue("id") instanceof String id && !id.isBlank() && Ids.reason(id) != null) {
            throw new RegistryFormatException(where, "id", Ids.reason(id));
        }
        return text(j, "id", where, true);
    }

    private static String text(JsonObject j, String field, String where, boolean required) {
        Object value = j.getValue(field);
        if (value == null) {
            if (required) {
                throw new RegistryFormatException(where, field, ImportReason.missing());
            }
            return null;
        }
        if (!(value instanceof String s) || (required && s.isBlank())) {
            throw new RegistryFormatException(where, field, ImportReason.notText());
        }
        if (s.length() > LONGEST_TEXT) {
            throw new RegistryFormatException(where, field, ImportReason.tooLong(LONGEST_TEXT));
        }
        return s;
    }

    /** A whole number from {@code min} to {@code max} (checked before it is narrowed, so nothing wraps round). */
    private static Integer integer(JsonObject j, String field, String where, int min, int max) {
        Object value = j.getValue(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new RegistryFormatException(where, field, ImportReason.notWholeNumber());
        }
        if (n.doubleValue() < min || n.doubleValue() > max) {
            throw new RegistryFormatException(where, field, min == 0 && n.doubleValue() < 0 ? ImportReason.negative()
                    : min == 1 && n.doubleValue() < 1 ? ImportReason.notPositive() : ImportReason.outOfRange(min, max));
        }
        return n.intValue();
    }

    /** A positive decimal with at most two places, up to {@code max}: the registry's numeric(p, 2) columns. */
    private static BigDecimal decimal(JsonObject j, String field, String where, BigDecimal max) {
        Object value = j.getValue(field);
        if (value == null) {
            return null;
        }
        BigDecimal number = null;
        if (value instanceof Number || value instanceof String) {
            try {
                number = new BigDecimal(value.toString());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        if (number == null) {
            throw new RegistryFormatException(where, field, ImportReason.notANumber());
        }
        if (number.signum() <= 0) {
            throw new RegistryFormatException(where, field, ImportReason.notPositive());
        }
        if (number.compareTo(max) > 0) {
            throw new RegistryFormatException(where, field, ImportReason.outOfRange("0.01", max.toPlainString()));
        }
        if (number.stripTrailingZeros().scale() > 2) {
            throw new RegistryFormatException(where, field, ImportReason.tooManyDecimals(2));
        }
        return number;
    }

    private static LocalDate date(JsonObject j, String field, String where, boolean required, LocalDate earliest) {
        String text = text(j, field, where, required);
        if (text == null) {
            return null;
        }
        LocalDate date;
        try {
            date = LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new RegistryFormatException(where, field, ImportReason.notADate());
        }
        if (date.isBefore(earliest) || date.isAfter(LATEST_DAY)) {
            throw new RegistryFormatException(where, field, ImportReason.dateOutOfRange(earliest.toString(), LATEST_DAY.toString()));
        }
        return date;
    }
}
