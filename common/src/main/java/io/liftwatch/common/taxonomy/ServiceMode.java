package io.liftwatch.common.taxonomy;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The controller's service mode as GB/T 24476 lists it. */
public enum ServiceMode {
    OUT_OF_SERVICE, NORMAL, INSPECTION, FIRE_RETURN, FIREFIGHTER, EMERGENCY_POWER, EARTHQUAKE, UNKNOWN;

    private static final Map<String, ServiceMode> BY_NAME = new HashMap<>();

    static {
        for (ServiceMode mode : values()) {
            BY_NAME.put(mode.wireName, mode);
        }
    }

    // Every status message is read and written with its mode: the name is made once, not per message.
    private final String wireName = name().toLowerCase(Locale.ROOT);

    public String wireName() {
        return wireName;
    }

    public static Optional<ServiceMode> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }
}
