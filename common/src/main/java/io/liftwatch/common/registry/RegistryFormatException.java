package io.liftwatch.common.registry;

/**
 * A registry file or body that cannot be read; the message names the entry and the field. {@link #where()}
 * is the entry ({@code lifts[2]}, {@code line 3}), {@link #field()} the field in it (or null for the entry
 * as a whole), {@link #reason()} what is wrong, in words.
 */
public final class RegistryFormatException extends RuntimeException {
    private final String where;
    private final String field;
    private final String reason;

    public RegistryFormatException(String where, String field, String reason) {
        super(where + (field == null ? "" : "." + field) + " " + reason);
        this.where = where;
        this.field = field;
        this.reason = reason;
    }

    public String where() {
        return where;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }
}
