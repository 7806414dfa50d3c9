package io.liftwatch.common.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One flat JSON object read straight from the payload bytes with a streaming parser: scalar values
 * and arrays of strings, nothing nested. Typed getters name the field in every refusal. A repeated key
 * is refused: with the last value winning, a payload could carry one {@code seq} or {@code lift} for one
 * reader and another for the next. The map of values finds it, as Jackson's duplicate detection would
 * with a set of names of its own for every message.
 */
final class FlatJson {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();
    private static final int MAX_ARRAY = 16;

    private final Map<String, Object> values;

    private FlatJson(Map<String, Object> values) {
        this.values = values;
    }

    static FlatJson parse(byte[] payload) throws WireException {
        Map<String, Object> values = new HashMap<>(32);
        try (JsonParser parser = FACTORY.createParser(payload)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new WireException(RejectReason.MALFORMED_JSON, "payload is not a JSON object");
            }
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                if (values.containsKey(name)) {
                    throw new WireException(RejectReason.DUPLICATE_KEY, "repeated key '" + name + "'");
                }
                values.put(name, readValue(parser, name));
            }
            if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw new WireException(RejectReason.MALFORMED_JSON, "trailing content after the JSON object");
            }
        } catch (JsonParseException e) {
            throw new WireException(RejectReason.MALFORMED_JSON, "invalid JSON: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new WireException(RejectReason.MALFORMED_JSON, "invalid JSON: " + firstLine(e.getMessage()));
        }
        return new FlatJson(values);
    }

    private static Object readValue(JsonParser parser, String name) throws IOException, WireException {
        JsonToken token = parser.nextToken();
        switch (token) {
            case VALUE_STRING:
                return text(parser, name);
            case VALUE_NUMBER_INT:
                return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? outOfRange(name, "is too large")
                        : parser.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return parser.getDecimalValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            case START_ARRAY:
                return readStringArray(parser, name);
            default:
                throw new WireException(RejectReason.OUT_OF_RANGE, "field '" + name + "' must not be an object");
        }
    }

    private static List<String> readStringArray(JsonParser parser, String name) throws IOException, WireException {
        List<String> items = new ArrayList<>(4);
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token != JsonToken.VALUE_STRING) {
                throw new WireException(RejectReason.OUT_OF_RANGE, "field '" + name + "' must be an array of strings");
            }
            if (items.size() == MAX_ARRAY) {
                throw new WireException(RejectReason.OUT_OF_RANGE,
                        "field '" + name + "' has more than " + MAX_ARRAY + " entries");
            }
            items.add(text(parser, name));
        }
        return items;
    }

    /** A string value; NUL is refused here, as PostgreSQL cannot store it and would refuse the whole batch. */
    private static String text(JsonParser parser, String name) throws IOException, WireException {
        String text = parser.getText();
        if (text.indexOf('\u0000') >= 0) {
            throw new WireException(RejectReason.OUT_OF_RANGE, "field '" + name + "' contains a NUL character");
        }
        return text;
    }

    private static Object outOfRange(String name, String what) throws WireException {
        throw new WireException(RejectReason.OUT_OF_RANGE, "field '" + name + "' " + what);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    boolean has(String name) {
        return values.get(name) != null;
    }

    long requireLong(String name, long min, long max) throws WireException {
        Object value = require(name);
        if (!(value instanceof Long number)) {
            throw new WireException(RejectReason.OUT_OF_RANGE, "field '" + name + "' must be an integer");
        }
        return checkRange(name, number, min, max);
    }

    Long optionalLong(String name, long min, long max) throws WireException {
        return has(name) ? requireLong(name, min, max) : null;
    }

    double requireNumber(String name, double min, double max) throws WireException {
        Object value = require(name);
        double number;
        if (value instanceof Long whole) {
            number = whole;
        } else if (value instanceof BigDecimal decimal) {
            number = decimal.doubleValue();
        } else {
            throw new WireException(RejectReason.OUT_OF_RANGE, "field '" + name + "' must be a number");
        }
        if (number < min || number > max) {
            throw new WireException(RejectReason.OUT_OF_RANGE,
                    "field '" + name + "' is " + value + ", outside " + min + ".." + max);
        }
        return number;
    }

    Double optionalNumber(String name, double min, double max) throws WireException {
        return has(name) ? requireNumber(name, min, max) : null;
    }

    BigDecimal requireDecimal(String name, int maxScale, BigDecimal max) throws WireException {
        Object value = require(name);
        BigDecimal decimal = value instanceof Long whole ? BigDecimal.valueOf(whole)
                : value instanceof BigDecimal d ? d : null;
        if (decimal == null) {
            throw new WireException(RejectReason.OUT_OF_RANGE, "field '" + name + "' must be a number");
        }
        decimal = decimal.stripTrailingZeros();
        if (decimal.signum() < 0 || decimal.compareTo(max) > 0 || decimal.scale() > maxScale) {
            throw new WireException(RejectReason.OUT_OF_RANGE, "field '" + name + "' is " + value
                    + ", expected 0.." + max.toPlainString() + " with at most " + maxScale + " decimals");
        }
        return decimal.setScale(Math.max(decimal.scale(), 0));
    }

    boolean requireBoolean(String name) throws WireException {
        Object value = require(name);
        if (!(value instanceof Boolean flag)) {
            throw new WireException(RejectReason.OUT_OF_RANGE, "field '" + name + "' must be true or false");
        }
        return flag;
    }

    boolean optionalBoolean(String name, boolean fallback) throws WireException {
        return has(name) ? requireBoolean(name) : fallback;
    }

    String requireString(String name, int maxLength) throws WireException {
        Object value = require(name);
        if (!(value instanceof String text)) {
            throw new WireException(RejectReason.OUT_OF_RANGE, "field '" + name + "' must be a string");
        }
        if (text.isEmpty() || text.length() > maxLength) {
            throw new WireException(RejectReason.OUT_OF_RANGE,
                    "field '" + name + "' must have 1.." + maxLength + " characters");
        }
        return text;
    }

    String optionalString(String name, int maxLength) throws WireException {
        return has(name) ? requireString(name, maxLength) : null;
    }

    @SuppressWarnings("unchecked")
    List<String> optionalStringList(String name) throws WireException {
        if (!has(name)) {
            return List.of();
        }
        Object value = values.get(name);
        if (!(value instanceof List<?>)) {
            throw new WireException(RejectReason.OUT_OF_RANGE, "field '" + name + "' must be an array of strings");
        }
        return List.copyOf((List<String>) value);
    }

    private Object require(String name) throws WireException {
        Object value = values.get(name);
        if (value == null) {
            throw new WireException(RejectReason.MISSING_FIELD, "field '" + name + "' is missing");
        }
        return value;
    }

    private static long checkRange(String name, long value, long min, long max) throws WireException {
        if (value < min || value > max) {
            throw new WireException(RejectReason.OUT_OF_RANGE,
                    "field '" + name + "' is " + value + ", outside " + min + ".." + max);
        }
        return value;
    }
}
