package io.liftwatch.common.taxonomy;

import java.util.Optional;

/** The controller's service mode as GB/T 24476 lists it. */
public enum ServiceMode {
    OUT_OF_SERVICE, NORMAL, INSPECTION, FIRE_RETURN, FIREFIGHTER, EMERGENCY_POWER, EARTHQUAKE, UNKNOWN;

    public String wireName() {
        return name().toLowerCase();
    }

    public static Optional<ServiceMode> byName(String name) {
        for (ServiceMode mode : values()) {
            if (mode.wireName().equals(name)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
