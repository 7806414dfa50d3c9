package io.liftwatch.common.registry;

/** A registry file or body that cannot be read; the message names the entry and the field. */
public final class RegistryFormatException extends RuntimeException {
    public RegistryFormatException(String message) {
        super(message);
    }
}
