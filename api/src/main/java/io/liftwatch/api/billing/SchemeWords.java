package io.liftwatch.api.billing;

import io.liftwatch.api.Texts;
import io.vertx.core.json.JsonObject;

import java.util.stream.Collectors;

/**
 * A statement's scheme, weight unit and rounding rule in the reader's language, worded from the scheme as
 * the statement keeps it ({@link SchemeJson}), so a printed page shows no JSON and no English to a Chinese reader.
 */
final class SchemeWords {
    private SchemeWords() {
    }

    /** The scheme in a sentence: "按楼层系数 × 面积（3 层 0.7、4 层 0.9）分摊 40%，其余 60% 按乘梯次数". */
    static String scheme(JsonObject scheme, Texts texts) {
        String type = scheme.getString("type");
        return switch (type) {
            case "floorCoefficient" -> texts.get(scheme.getBoolean("timesArea", false)
                    ? "scheme.words.floorCoefficientArea" : "scheme.words.floorCoefficient",
                    perKey(scheme.getJsonObject("coefficients"), "scheme.words.floorValue", texts));
            case "fixedPercent" -> texts.get("scheme.words.fixedPercent",
                    perKey(scheme.getJsonObject("percentByHousehold"), "scheme.words.householdPercent", texts));
            case "pricePerRide" -> texts.get("scheme.words.pricePerRide",
                    perKey(scheme.getJsonObject("fenPerRideByFloor"), "scheme.words.floorFen", texts));
            case "hybrid" -> {
                java.math.BigDecimal fixed = new java.math.BigDecimal(String.valueOf(scheme.getValue("fixedFraction")))
                        .movePointRight(2).stripTrailingZeros();
                yield texts.get("scheme.words.hybrid", fixed.toPlainString(),
                        scheme(scheme.getJsonObject("fixedPart"), texts),
                        java.math.BigDecimal.valueOf(100).subtract(fixed).stripTrailingZeros().toPlainString());
            }
            default -> texts.getOr("scheme.words." + type, type);
        };
    }

    /** The unit the lines' weights are in, as CostSharing.unit gives it, in the reader's language. */
    static String unit(JsonObject scheme, Texts texts) {
        String type = scheme.getString("type");
        return switch (type) {
            case "floorCoefficient" -> texts.get(scheme.getBoolean("timesArea", false)
                    ? "scheme.unit.floorCoefficientArea" : "scheme.unit.floorCoefficient");
            case "hybrid" -> texts.get("scheme.unit.hybrid", unit(scheme.getJsonObject("fixedPart"), texts));
            default -> texts.getOr("scheme.unit." + type, type);
        };
    }

    /** How the fen were rounded: shared schemes by largest remainder, a price per ride in whole fen. */
    static String rounding(JsonObject scheme, Texts texts) {
        return texts.get("pricePerRide".equals(scheme.getString("type")) ? "scheme.rounding.priced"
                : "scheme.rounding.shared");
    }

    private static String perKey(JsonObject values, String key, Texts texts) {
        return values == null ? "" : values.fieldNames().stream()
                .map(name -> texts.get(key, name, String.valueOf(values.getValue(name))))
                .collect(Collectors.joining(texts.get("scheme.words.separator")));
    }
}
