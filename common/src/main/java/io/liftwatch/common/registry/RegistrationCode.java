package io.liftwatch.common.registry;

/**
 * A lift's 20-digit registration code as GB/T 24476-2023 numbers it (the 2017 edition used the same
 * layout): equipment category (4 digits; lifts are 3xxx, e.g. 3110 traction passenger lift), the
 * administrative area code of GB/T 2260 (6), the registration year and month (6, month 01–12) and a
 * sequence within them (4, 0001–9999). Example: {@code 3110 320116 202305 0042}.
 */
public final class RegistrationCode {
    /** The edition of the standard the numbering follows. */
    public static final String STANDARD = "GB/T 24476-2023";

    private static final int LENGTH = 20;

    private RegistrationCode() {
    }

    public static boolean isValid(String code) {
        return problem(code) == null;
    }

    /** Why {@code code} is not a lift's registration code, in a phrase that names the part; null when it is one. */
    public static String problem(String code) {
        ImportReason reason = reason(code);
        return reason == null ? null : reason.text();
    }

    /** Why {@code code} is not a lift's registration code, with a code for each part; null when it is one. */
    public static ImportReason reason(String code) {
        if (code == null) {
            return ImportReason.registrationCode("missing", "a registration code is required");
        }
        // Checked digit by digit rather than by a pattern: ingest checks the code of every message it receives.
        if (!isAsciiDigits(code)) {
            return ImportReason.registrationCode("not_registration_code",
                    "'" + code + "' is not a 20-digit registration code (" + STANDARD + ")", "value", code);
        }
        if (code.charAt(0) != '3') {
            String category = code.substring(0, 4);
            return ImportReason.registrationCode("not_lift_category", "'" + code + "' has equipment category " + category
                    + ", not a lift's (3xxx, " + STANDARD + ")", "value", code, "category", category);
        }
        if (code.startsWith("000000", 4)) {
            return ImportReason.registrationCode("no_area_code",
                    "'" + code + "' has no administrative area code (digits 5-10)", "value", code);
        }
        int month = (code.charAt(14) - '0') * 10 + code.charAt(15) - '0';
        if (month < 1 || month > 12) {
            String digits = code.substring(14, 16);
            return ImportReason.registrationCode("bad_registration_month", "'" + code + "' has registration month "
                    + digits + ", not 01-12 (digits 15-16)", "value", code, "month", digits);
        }
        if (code.startsWith("0000", 16)) {
            return ImportReason.registrationCode("bad_sequence",
                    "'" + code + "' has sequence 0000, not 0001-9999 (digits 17-20)", "value", code);
        }
        return null;
    }

    /** Twenty characters 0-9: other scripts' digits (full-width, Arabic-Indic) are not a code's. */
    private static boolean isAsciiDigits(String code) {
        if (code.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = code.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
