package io.liftwatch.common.config;

import java.util.regex.Pattern;

/**
 * What makes a configured secret unusable at start: empty, a placeholder left from an example file
 * ({@code change-me-…}), or too short to resist guessing. Checked by {@code run} so a deployment never
 * goes live with the example's values.
 */
public final class Secrets {
    /** Signing keys and tokens LiftWatch itself checks; passwords others check only need to be real. */
    public static final int MIN_LENGTH = 16;
    private static final Pattern PLACEHOLDER = Pattern.compile(
            "(?i)(change[-_ .]?me|replace[-_ .]?me|placeholder|your[-_ .]?secret|^(secret|password|example)$)");

    private Secrets() {
    }

    /** Why {@code value} cannot serve as a signing key or token, or null when it can. */
    public static String problem(String value) {
        if (value == null || value.isBlank()) {
            return "is empty";
        }
        String placeholder = placeholder(value);
        if (placeholder != null) {
            return placeholder;
        }
        return value.length() < MIN_LENGTH ? "is shorter than " + MIN_LENGTH + " characters" : null;
    }

    /** Why {@code value} is an example file's placeholder, or null when it is not one. */
    public static String placeholder(String value) {
        return value != null && PLACEHOLDER.matcher(value).find()
                ? "is a placeholder ('change-me' or the like): set a real secret" : null;
    }
}
