package io.liftwatch.api;

import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Query and path parameters, checked, with a 400 naming the parameter when one is wrong. Dates and times
 * are taken from {@link #EARLIEST_DAY} to {@link #LATEST_DAY}: nothing LiftWatch records lies outside.
 */
public final class Params {
    public static final LocalDate EARLIEST_DAY = LocalDate.of(2000, 1, 1);
    public static final LocalDate LATEST_DAY = LocalDate.of(2099, 12, 31);
    private static final Pattern LIFT_ID = Pattern.compile("[0-9]{20}");
    private static final int SHOWN_CHARACTERS = 40;

    private Params() {
    }

    public static String liftId(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (!LIFT_ID.matcher(id).matches()) {
            throw Problem.badRequest("lift id '" + shown(id) + "' is not a 20-digit registration code");
        }
        return id;
    }

    public static String optional(RoutingContext ctx, String name) {
        String value = ctx.request().getParam(name);
        return value == null || value.isBlank() ? null : value;
    }

    public static int integer(RoutingContext ctx, String name, int fallback, int min, int max) {
        String value = optional(ctx, name);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < min || parsed > max) {
                throw Problem.badRequest("parameter '" + name + "' must be " + min + ".." + max + ", got " + shown(value));
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw Problem.badRequest("parameter '" + name + "' must be a whole number, got '" + shown(value) + "'");
        }
    }

    public static Boolean bool(RoutingContext ctx, String name) {
        String value = optional(ctx, name);
        if (value == null) {
            return null;
        }
        if (!value.equals("true") && !value.equals("false")) {
            throw Problem.badRequest("parameter '" + name + "' must be true or false, got '" + shown(value) + "'");
        }
        return Boolean.parseBoolean(value);
    }

    /** An instant given as ISO-8601 date-time, or a date meaning its start in the API's zone. */
    public static Instant instant(RoutingContext ctx, String name, Instant fallback, ZoneId zone) {
        String value = optional(ctx, name);
        if (value == null) {
            return fallback;
        }
        OffsetDateTime time;
        try {
            time = value.length() == 10 ? LocalDate.parse(value).atStartOfDay(zone).toOffsetDateTime()
                    : OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            throw Problem.badRequest("parameter '" + name + "' must be a date (2025-03-01) or a date-time with offset"
                    + " (2025-03-01T08:00:00+08:00), got '" + shown(value) + "'");
        }
        inRange(name, time.toLocalDate());
        return time.toInstant();
    }

    /** The period [from, to) from the parameters; {@code defaultDays} back from now when absent. */
    public static Instant[] period(RoutingContext ctx, ZoneId zone, int defaultDays) {
        Instant to = instant(ctx, "to", Instant.now(), zone);
        Instant from = instant(ctx, "from", to.minusSeconds(86_400L * defaultDays), zone);
        if (!from.isBefore(to)) {
            throw Problem.badRequest("parameter 'from' (" + from + ") must be before 'to' (" + to + ")");
        }
        return new Instant[]{from, to};
    }

    /** A billing period of whole days [from, to), both required: {@code from=2025-03-01&to=2025-04-01}. */
    public static LocalDate[] days(RoutingContext ctx) {
        LocalDate[] period = new LocalDate[2];
        String[] names = {"from", "to"};
        for (int i = 0; i < 2; i++) {
            String value = optional(ctx, names[i]);
            if (value == null) {
                throw Problem.badRequest("parameter '" + names[i] + "' is required: a date like 2025-03-01");
            }
            try {
                period[i] = inRange(names[i], LocalDate.parse(value));
            } catch (DateTimeParseException e) {
                throw Problem.badRequest("parameter '" + names[i] + "' must be a date like 2025-03-01, got '"
                        + shown(value) + "'");
            }
        }
        if (!period[0].isBefore(period[1])) {
            throw Problem.badRequest("parameter 'from' (" + period[0] + ") must be before 'to' (" + period[1] + ")");
        }
        return period;
    }

    /** The day named by parameter {@code asOf} (the last day counted), or today in {@code zone}. */
    public static LocalDate asOf(RoutingContext ctx, ZoneId zone) {
        String value = optional(ctx, "asOf");
        try {
            return value == null ? LocalDate.now(zone) : inRange("asOf", LocalDate.parse(value));
        } catch (DateTimeParseException e) {
            throw Problem.badRequest("parameter 'asOf' must be a date like 2025-04-30, got '" + shown(value) + "'");
        }
    }

    /** An optional parameter that must be one of {@code allowed}; null when absent. */
    public static String oneOf(RoutingContext ctx, String name, java.util.List<String> allowed) {
        String value = optional(ctx, name);
        if (value != null && !allowed.contains(value)) {
            throw Problem.badRequest("parameter '" + name + "' must be one of " + String.join(", ", allowed) + ", got '"
                    + shown(value) + "'");
        }
        return value;
    }

    /** A required month like {@code 2025-06}, from {@link #EARLIEST_DAY}'s month to {@link #LATEST_DAY}'s. */
    public static java.time.YearMonth month(RoutingContext ctx, String name) {
        String value = optional(ctx, name);
        java.time.YearMonth month;
        try {
            month = java.time.YearMonth.parse(String.valueOf(value));
        } catch (DateTimeParseException e) {
            throw Problem.badRequest("parameter '" + name + "' must be a month like 2025-06, got '" + shown(value) + "'");
        }
        inRange(name, month.atDay(1));
        return month;
    }

    /** A date in a path, like a scheme's {@code effectiveFrom}: 400 naming it when it is no date or out of range. */
    public static LocalDate pathDate(RoutingContext ctx, String name) {
        try {
            return inRange(name, LocalDate.parse(ctx.pathParam(name)));
        } catch (DateTimeParseException e) {
            throw Problem.badRequest("the path's " + name + " must be a date like 2025-04-01, got '"
                    + shown(ctx.pathParam(name)) + "'");
        }
    }

    /** Whether a day lies in the range every date LiftWatch takes must lie in. */
    public static boolean withinRange(LocalDate day) {
        return !day.isBefore(EARLIEST_DAY) && !day.isAfter(LATEST_DAY);
    }

    /** A caller's value as an error message may repeat it: shortened, so a huge value is not echoed back. */
    public static String shown(Object value) {
        String text = String.valueOf(value);
        return text.length() <= SHOWN_CHARACTERS ? text : text.substring(0, SHOWN_CHARACTERS) + "…";
    }

    private static LocalDate inRange(String name, LocalDate day) {
        if (!withinRange(day)) {
            throw Problem.badRequest("parameter '" + name + "' must lie between " + EARLIEST_DAY + " and " + LATEST_DAY
                    + ", got " + day);
        }
        return day;
    }
}
