package io.liftwatch.common.registry;

import java.util.regex.Pattern;

/**
 * The one rule for every id a caller may create (accounts, organisations, stairwells, households, cards):
 * 1 to 64 letters (Chinese included), digits and {@code - _ . :}, starting with a letter or a digit. An id
 * travels as one path segment ({@code /accounts/{id}/disable}), so it may hold no slash, percent sign, space
 * or control character; an id that could not be addressed could not be changed or disabled either.
 * Lifts are keyed by their registration code ({@link RegistrationCode}), which fits this rule.
 */
public final class Ids {
    public static final int LONGEST = 64;
    private static final Pattern ID = Pattern.compile("[\\p{L}\\p{Nd}][\\p{L}\\p{Nd}\\-_.:]{0," + (LONGEST - 1) + "}");

    private Ids() {
    }

    /** Why {@code id} is not a valid id, or null when it is one. */
    public static ImportReason reason(String id) {
        return id != null && ID.matcher(id).matches() ? null : ImportReason.badId();
    }

    /** The rule in words, as an answer's detail gives it. */
    public static String rule() {
        return ImportReason.badId().text();
    }
}
