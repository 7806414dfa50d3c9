package io.liftwatch.api;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Request bodies, checked: the declared type must be the expected one, the JSON must parse, and each field
 * read through here has a documented range (dates {@link Params#EARLIEST_DAY} to {@link Params#LATEST_DAY},
 * money 0 to {@link #MAX_FEN} fen); anything else is refused with a 4xx that names the field.
 */
public final class Bodies {
    /** The largest amount of money any field takes: ¥100,000,000, far above a lift's yearly costs. */
    public static final long MAX_FEN = 10_000_000_000L;

    private Bodies() {
    }

    public static JsonObject json(RoutingContext ctx) {
        requireType(ctx, "application/json");
        try {
            JsonObject body = ctx.body().asJsonObject();
            if (body == null) {
                throw Problem.badRequest("the request body is empty; a JSON object is expected");
            }
            return body;
        } catch (DecodeException | ClassCastException e) {
            throw Problem.badRequest("the request body is not a JSON object");
        }
    }

    /** A date field of a body, like {@code "validFrom": "2025-03-16"}; {@code label} names it in the error. */
    public static LocalDate date(JsonObject body, String field, String label, boolean required) {
        Object value = body.getValue(field);
        if (value == null) {
            if (required) {
                throw Problem.unprocessable(label + " is missing");
            }
            return null;
        }
        LocalDate date;
        try {
            date = LocalDate.parse(value.toString());
        } catch (DateTimeParseException e) {
            throw Problem.unprocessable(label + " must be a date like 2025-03-16, got '" + Params.shown(value) + "'");
        }
        if (!Params.withinRange(date)) {
            throw Problem.unprocessable(label + " must lie between " + Params.EARLIEST_DAY + " and "
                    + Params.LATEST_DAY + ", got " + date);
        }
        return date;
    }

    /** An instant field of a body, with its offset: {@code "startsAt": "2025-03-01T09:00:00+08:00"}. */
    public static OffsetDateTime time(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (!(value instanceof String text)) {
            throw Problem.unprocessable("'" + field + "' must be a date-time with offset, e.g. 2025-03-01T09:00:00+08:00");
        }
        OffsetDateTime time;
        try {
            time = OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw Problem.unprocessable("'" + field + "' is not a date-time with offset: '" + Params.shown(text) + "'");
        }
        if (!Params.withinRange(time.toLocalDate())) {
            throw Problem.unprocessable("'" + field + "' must lie between " + Params.EARLIEST_DAY + " and "
                    + Params.LATEST_DAY + ", got " + Params.shown(text));
        }
        return time;
    }

    /** A whole amount of money in fen, 0 to {@link #MAX_FEN}. */
    public static long fen(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < 0
                || ((Number) value).longValue() > MAX_FEN) {
            throw Problem.unprocessable(field + " must be a whole, non-negative number of fen (1 yuan = 100 fen) up to "
                    + MAX_FEN + ", got " + Params.shown(value));
        }
        return ((Number) value).longValue();
    }

    /** A whole number field within [min, max], or {@code fallback} when absent. */
    public static long whole(JsonObject body, String field, long min, long max, long fallback) {
        Object value = body.getValue(field);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < min
                || ((Number) value).longValue() > max) {
            throw Problem.unprocessable("'" + field + "' must be a whole number from " + min + " to " + max + ", got "
                    + Params.shown(value));
        }
        return ((Number) value).longValue();
    }

    /** The id of another record ({@code "corrects": 42}): a positive whole number, or null when absent. */
    public static Long recordId(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < 1) {
            throw Problem.unprocessable("'" + field + "' must be the id of a record (a positive whole number), got "
                    + Params.shown(value));
        }
        return ((Number) value).longValue();
    }

    /** A text field of at most {@code maxLength} characters; null when absent or blank unless required. */
    public static String text(JsonObject body, String field, int maxLength, boolean required) {
        Object value = body.getValue(field);
        if (value != null && !(value instanceof String)) {
            throw Problem.unprocessable("'" + field + "' must be text, got " + Params.shown(value));
        }
        String text = (String) value;
        if (text == null || text.isBlank()) {
            if (required) {
                throw Problem.unprocessable("'" + field + "' is required");
            }
            return null;
        }
        if (text.length() > maxLength) {
            throw Problem.unprocessable("'" + field + "' must have at most " + maxLength + " characters");
        }
        return text;
    }

    public static void requireType(RoutingContext ctx, String type) {
        String contentType = ctx.request().getHeader("content-type");
        if (contentType == null || !contentType.toLowerCase().startsWith(type)) {
            throw new Problem(415, "Unsupported Media Type",
                    "content-type must be " + type + ", got " + (contentType == null ? "none" : contentType));
        }
    }
}
