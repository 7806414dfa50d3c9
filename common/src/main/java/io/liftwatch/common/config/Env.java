package io.liftwatch.common.config;

import java.time.Duration;
import java.util.Map;

/**
 * Reads typed settings from environment variables ({@code LIFTWATCH_*}). A malformed value fails
 * at start-up with the variable's name, never later.
 */
public final class Env {
    private final Map<String, String> values;

    public Env(Map<String, String> values) {
        this.values = values;
    }

    public static Env system() {
        return new Env(System.getenv());
    }

    public String string(String name, String fallback) {
        String value = values.get(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    public boolean isSet(String name) {
        String value = values.get(name);
        return value != null && !value.isBlank();
    }

    public int integer(String name, int fallback, int min, int max) {
        String value = string(name, null);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < min || parsed > max) {
                throw new IllegalArgumentException(name + "=" + value + " is outside " + min + ".." + max);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + "=" + value + " is not a whole number", e);
        }
    }

    /**
     * A duration written as ISO-8601 ({@code PT30S}) or as a number with a unit: {@code 250ms}, {@code 30s},
     * {@code 5m}, {@code 2h}, {@code 7d}.
     */
    public Duration duration(String name, Duration fallback) {
        String value = string(name, null);
        return value == null ? fallback : parseDuration(name, value);
    }

    static Duration parseDuration(String name, String value) {
        try {
            if (value.startsWith("P") || value.startsWith("p")) {
                return Duration.parse(value);
            }
            String digits = value.replaceAll("[a-z]+$", "");
            long amount = Long.parseLong(digits);
            return switch (value.substring(digits.length())) {
                case "ms" -> Duration.ofMillis(amount);
                case "s", "" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                case "d" -> Duration.ofDays(amount);
                default -> throw new IllegalArgumentException("unknown unit");
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(name + "=" + value + " is not a duration such as 30s or PT30S", e);
        }
    }
}
