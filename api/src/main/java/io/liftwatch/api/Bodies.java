package io.liftwatch.api;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Request bodies, checked: the declared type must be the expected one, and the JSON must parse. */
public final class Bodies {
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
            throw Problem.badRequest("the request body is not a JSON object: " + firstLine(e.getMessage()));
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
        try {
            return LocalDate.parse(value.toString());
        } catch (DateTimeParseException e) {
            throw Problem.unprocessable(label + " must be a date like 2025-03-16, got '" + value + "'");
        }
    }

    /** An instant field of a body, with its offset: {@code "startsAt": "2025-03-01T09:00:00+08:00"}. */
    public static OffsetDateTime time(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (!(value instanceof String text)) {
            throw Problem.unprocessable("'" + field + "' must be a date-time with offset, e.g. 2025-03-01T09:00:00+08:00");
        }
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw Problem.unprocessable("'" + field + "' is not a date-time with offset: '" + text + "'");
        }
    }

    /** A whole, non-negative amount of money in fen. */
    public static long fen(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < 0) {
            throw Problem.unprocessable(field + " must be a whole, non-negative number of fen (1 yuan = 100 fen), got "
                    + value);
        }
        return ((Number) value).longValue();
    }

    public static void requireType(RoutingContext ctx, String type) {
        String contentType = ctx.request().getHeader("content-type");
        if (contentType == null || !contentType.toLowerCase().startsWith(type)) {
            throw new Problem(415, "Unsupported Media Type",
                    "content-type must be " + type + ", got " + (contentType == null ? "none" : contentType));
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
