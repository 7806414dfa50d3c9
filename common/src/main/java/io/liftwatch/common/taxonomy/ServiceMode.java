package io.liftwatch.common.taxonomy;

import java.util.Locale;
import java.util.Optional;

/** The controller's service mode as GB/T 24476 lists it. */
public enum ServiceMode {
    OUT_OF_SERVICE, NORMAL, INSPECTION, FIRE_RETURN, FIREFIGHTER, EMERGENCY_POWER, EARTHQUAKE, UNKNOWN;

    // Every status message is read and written with its mode: the name is made once, not per message.
    private final String wireName = name().toLowerCase(Locale.ROOT);

    public String wireName() {
        return wireName;
    }

    private static final Codes<String, ServiceMode> BY_NAME = Codes.of(values(), ServiceMode::wireName);

    public static Optional<ServiceMode> byName(String name) {
        return BY_NAME.find(name);
    }
}
