package io.liftwatch.api.billing;

import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A scheme as the API and the statements show it: {@code {"type": "equal"}},
 * {@code {"type": "floorCoefficient", "coefficients": {"3": 0.7, …}, "timesArea": true}},
 * {@code {"type": "fixedPercent", "percentByHousehold": {…}}}, {@code {"type": "residents"}},
 * {@code {"type": "rides"}}, {@code {"type": "pricePerRide", "fenPerRideByFloor": {"3": 20, …}}},
 * {@code {"type": "hybrid", "fixedFraction": 0.6, "fixedPart": {…}}}.
 */
public final class SchemeJson {
    private SchemeJson() {
    }

    /** @throws IllegalArgumentException naming the field at fault */
    public static Scheme parse(JsonObject json) {
        if (json == null) {
            throw new IllegalArgumentException("'scheme' is missing");
        }
        String type = json.getString("type");
        if (type == null) {
            throw new IllegalArgumentException("scheme.type is missing; one of equal, floorCoefficient, fixedPercent,"
                    + " residents, rides, pricePerRide, hybrid");
        }
        switch (type) {
            case "equal":
                return new Scheme.Equal();
            case "floorCoefficient":
                return new Scheme.FloorCoefficient(decimals(json, "coefficients"), json.getBoolean("timesArea", false));
            case "fixedPercent":
                return new Scheme.FixedPercent(decimals(json, "percentByHousehold"));
            case "residents":
                return new Scheme.Residents();
            case "rides":
                return new Scheme.Rides();
            case "pricePerRide": {
                Map<String, Long> prices = new LinkedHashMap<>();
                decimals(json, "fenPerRideByFloor").forEach((floor, fen) -> {
                    try {
                        prices.put(floor, fen.longValueExact());
                    } catch (ArithmeticException e) {
                        throw new IllegalArgumentException("scheme.fenPerRideByFloor." + floor
                                + " must be a whole number of fen, got " + fen.toPlainString());
                    }
                });
                return new Scheme.PricePerRide(prices);
            }
            case "hybrid":
                return new Scheme.Hybrid(decimal(json.getValue("fixedFraction"), "scheme.fixedFraction"),
                        parse(json.getJsonObject("fixedPart")));
            default:
                throw new IllegalArgumentException("unknown scheme.type '" + type + "'; one of equal, floorCoefficient,"
                        + " fixedPercent, residents, rides, pricePerRide, hybrid");
        }
    }

    public static JsonObject toJson(Scheme scheme) {
        if (scheme instanceof Scheme.Equal) {
            return new JsonObject().put("type", "equal");
        }
        if (scheme instanceof Scheme.FloorCoefficient coefficients) {
            return new JsonObject().put("type", "floorCoefficient")
                    .put("coefficients", numbers(coefficients.coefficients()))
                    .put("timesArea", coefficients.timesArea());
        }
        if (scheme instanceof Scheme.FixedPercent percent) {
            return new JsonObject().put("type", "fixedPercent")
                    .put("percentByHousehold", numbers(percent.percentByHousehold()));
        }
        if (scheme instanceof Scheme.Residents) {
            return new JsonObject().put("type", "residents");
        }
        if (scheme instanceof Scheme.Rides) {
            return new JsonObject().put("type", "rides");
        }
        if (scheme instanceof Scheme.PricePerRide prices) {
            return new JsonObject().put("type", "pricePerRide")
                    .put("fenPerRideByFloor", new JsonObject(new LinkedHashMap<>(prices.fenPerRideByFloor())));
        }
        Scheme.Hybrid hybrid = (Scheme.Hybrid) scheme;
        return new JsonObject().put("type", "hybrid").put("fixedFraction", hybrid.fixedFraction())
                .put("fixedPart", toJson(hybrid.fixedPart()));
    }

    private static Map<String, BigDecimal> decimals(JsonObject json, String field) {
        JsonObject values = json.getJsonObject(field);
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException("scheme." + field + " must be a non-empty object");
        }
        Map<String, BigDecimal> result = new LinkedHashMap<>();
        for (String key : values.fieldNames()) {
            BigDecimal value = decimal(values.getValue(key), "scheme." + field + "." + key);
            if (value.signum() < 0) {
                throw new IllegalArgumentException("scheme." + field + "." + key + " must not be negative");
            }
            result.put(key, value);
        }
        return result;
    }

    private static BigDecimal decimal(Object value, String field) {
        if (value instanceof Number || value instanceof String) {
            try {
                return new BigDecimal(value.toString());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException(field + " must be a number, got " + value);
    }

    private static JsonObject numbers(Map<String, BigDecimal> values) {
        JsonObject json = new JsonObject();
        values.forEach(json::put);
        return json;
    }
}
