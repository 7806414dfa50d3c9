package io.liftwatch.common.registry;

/**
 * A registry file or body that cannot be read; the message names the entry and the field. {@link #where()}
 * is the entry ({@code lifts[2]}, {@code line 3}), {@link #field()} the field in it (or null for the entry
 * as a whole), {@link #reason()} what is wrong, as a code and in words.
 */
public final class RegistryFormatException extends RuntimeException {
    private final String where;
    private final String field;
    private final ImportReason reason;

    public RegistryFormatException(String where, String field, ImportReason reason) {
        super(where + (field == null ? "" : "." + field) + " " + reason.text());
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

    public ImportReason reason() {
        return reason;
    }
}
