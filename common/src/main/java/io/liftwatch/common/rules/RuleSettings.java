package io.liftwatch.common.rules;

import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The thresholds of the alarm rules for one lift: service-wide defaults, overridden per district (the
 * stairwell's area code), then per lift model, then per lift ({@code rule_setting}). Overrides are JSON
 * objects with the keys of {@link #toJson()}, in seconds, days, counts or ratios as their names say; a key
 * left out keeps the value beneath it.
 *
 * @param entrapmentAfter            passenger present, door closed, car stopped this long is an entrapment (30 s)
 * @param outsideDoorZoneAfter       car stopped outside the door zone this long (45 s; 30 s gives false alarms)
 * @param doorReopenLimit            the door opening this many times at one stop without the car moving on (4)
 * @param maintenanceInterval        longest time between maintenance visits, seen as inspection mode (TSG T5002:
 *                                   15 days; an on-demand policy may agree a longer one)
 * @param maintenanceRunsLimit       on-demand policy: a visit is due after this many runs since the last (0: none)
 * @param maintenanceDoorCyclesLimit on-demand policy: or after this many door cycles since the last (0: none)
 * @param doorCycleRatioRaise        door cycles per run over the window above which doors are suspect (2.0)
 * @param doorCycleRatioClear        the ratio below which that alarm clears (1.8), lower than the raise level
 * @param inspectionWarning          the periodic inspection's due date this close raises a reminder (30 days)
 * @param rescueArrival              a technician must be on site this soon after an entrapment (TSG T5002: 30 min
 *                                   in a city with districts, one hour elsewhere); set per district, model or lift
 */
public record RuleSettings(Duration entrapmentAfter, Duration outsideDoorZoneAfter, int doorReopenLimit,
                           Duration maintenanceInterval, long maintenanceRunsLimit, long maintenanceDoorCyclesLimit,
                           double doorCycleRatioRaise, double doorCycleRatioClear, Duration inspectionWarning,
                           Duration rescueArrival) {

    /** The arrival limit where no district, model or lift sets one: a city with districts (TSG T5002). */
    public static final Duration RESCUE_ARRIVAL = Duration.ofMinutes(30);

    /**
     * The range an override may give each setting, checked as it is written ({@link #checkOverrides}): wide
     * enough for any real policy, narrow enough that every date and interval computed from it stays in range.
     */
    public record Bounds(double min, double max) {
    }

    public static final Map<String, Bounds> BOUNDS = Map.of(
            "entrapmentAfterSeconds", new Bounds(1, 600),
            "outsideDoorZoneAfterSeconds", new Bounds(1, 600),
            "doorReopenLimit", new Bounds(2, 50),
            // TSG T5002 asks for 15 days; on-demand pilots stretch it within a cap well under a quarter
            "maintenanceIntervalDays", new Bounds(1, 90),
            "maintenanceRunsLimit", new Bounds(0, 1_000_000),
            "maintenanceDoorCyclesLimit", new Bounds(0, 2_000_000),
            "doorCycleRatioRaise", new Bounds(0.1, 20),
            "doorCycleRatioClear", new Bounds(0.1, 20),
            "inspectionWarningDays", new Bounds(0, 180),
            "rescueArrivalMinutes", new Bounds(1, 120));

    public RuleSettings {
        require(!entrapmentAfter.isNegative() && !entrapmentAfter.isZero(), "entrapmentAfterSeconds must be positive");
        require(!outsideDoorZoneAfter.isNegative() && !outsideDoorZoneAfter.isZero(),
                "outsideDoorZoneAfterSeconds must be positive");
        require(doorReopenLimit >= 2, "doorReopenLimit must be at least 2");
        require(maintenanceInterval.toDays() >= 1, "maintenanceIntervalDays must be at least 1");
        require(maintenanceRunsLimit >= 0 && maintenanceDoorCyclesLimit >= 0,
                "maintenanceRunsLimit and maintenanceDoorCyclesLimit must not be negative (0 turns them off)");
        require(doorCycleRatioClear > 0 && doorCycleRatioClear < doorCycleRatioRaise,
                "doorCycleRatioClear must be positive and below doorCycleRatioRaise, so the alarm cannot flap");
        require(!inspectionWarning.isNegative(), "inspectionWarningDays must not be negative");
        require(rescueArrival.toMinutes() >= 1 && rescueArrival.toMinutes() <= 24 * 60,
                "rescueArrivalMinutes must be 1..1440");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    public static RuleSettings defaults() {
        return new RuleSettings(Duration.ofSeconds(30), Duration.ofSeconds(45), 4, Duration.ofDays(15), 0, 0, 2.0, 1.8,
                Duration.ofDays(30), RESCUE_ARRIVAL);
    }

    public JsonObject toJson() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("entrapmentAfterSeconds", entrapmentAfter.toSeconds());
        values.put("outsideDoorZoneAfterSeconds", outsideDoorZoneAfter.toSeconds());
        values.put("doorReopenLimit", doorReopenLimit);
        values.put("maintenanceIntervalDays", maintenanceInterval.toDays());
        values.put("maintenanceRunsLimit", maintenanceRunsLimit);
        values.put("maintenanceDoorCyclesLimit", maintenanceDoorCyclesLimit);
        values.put("doorCycleRatioRaise", doorCycleRatioRaise);
        values.put("doorCycleRatioClear", doorCycleRatioClear);
        values.put("inspectionWarningDays", inspectionWarning.toDays());
        values.put("rescueArrivalMinutes", rescueArrival.toMinutes());
        return new JsonObject(values);
    }

    /**
     * These settings with the overrides' values in their place, layer after layer (a model's, then a
     * lift's); a null layer overrides nothing.
     *
     * @throws IllegalArgumentException naming an unknown key, a value of the wrong kind, or a result that
     *                                  breaks a rule above
     */
    public RuleSettings with(JsonObject... layers) {
        JsonObject merged = toJson();
        for (JsonObject overrides : layers) {
            if (overrides != null) {
                override(merged, overrides);
            }
        }
        return new RuleSettings(Duration.ofSeconds(merged.getLong("entrapmentAfterSeconds")),
                Duration.ofSeconds(merged.getLong("outsideDoorZoneAfterSeconds")),
                merged.getInteger("doorReopenLimit"), Duration.ofDays(merged.getLong("maintenanceIntervalDays")),
                merged.getLong("maintenanceRunsLimit"), merged.getLong("maintenanceDoorCyclesLimit"),
                merged.getDouble("doorCycleRatioRaise"), merged.getDouble("doorCycleRatioClear"),
                Duration.ofDays(merged.getLong("inspectionWarningDays")),
                Duration.ofMinutes(merged.getLong("rescueArrivalMinutes")));
    }

    /**
     * Checks overrides as a caller writes them: known keys, numbers of the right kind, each within its
     * {@link #BOUNDS}, and a result that keeps the rules above.
     *
     * @throws IllegalArgumentException naming the first setting that is wrong and the range it must lie in
     */
    public static void checkOverrides(JsonObject overrides) {
        for (String key : overrides.fieldNames()) {
            Bounds bounds = BOUNDS.get(key);
            if (bounds != null && overrides.getValue(key) instanceof Number number
                    && !(number.doubleValue() >= bounds.min() && number.doubleValue() <= bounds.max())) {
                throw new IllegalArgumentException("rule setting '" + key + "' must lie between " + shown(bounds.min())
                        + " and " + shown(bounds.max()) + ", got " + number);
            }
        }
        defaults().with(overrides);
    }

    private static String shown(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static void override(JsonObject merged, JsonObject overrides) {
        for (String key : overrides.fieldNames()) {
            if (!merged.containsKey(key)) {
                throw new IllegalArgumentException("unknown rule setting '" + key + "'; known: "
                        + String.join(", ", merged.fieldNames()));
            }
            Object value = overrides.getValue(key);
            boolean ratio = key.startsWith("doorCycleRatio");
            if (!(value instanceof Number number) || (!ratio && number.doubleValue() != Math.rint(number.doubleValue()))) {
                throw new IllegalArgumentException("rule setting '" + key + "' must be " + (ratio ? "a number" : "a whole"
                        + " number") + ", got " + value);
            }
            merged.put(key, value);
        }
    }
}
