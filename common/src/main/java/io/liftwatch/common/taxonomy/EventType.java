package io.liftwatch.common.taxonomy;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Events and alarm-button presses; numbers follow the GB/T-style event codes (40–47, 90). */
public enum EventType {
    BACK_TO_NORMAL("back_to_normal", 40),
    MAINS_POWER_LOST("mains_power_lost", 41),
    OUT_OF_SERVICE("out_of_service", 42),
    INSPECTION_MODE("inspection_mode", 43),
    FIRE_RETURN("fire_return", 44),
    FIREFIGHTER("firefighter", 45),
    EMERGENCY_POWER("emergency_power", 46),
    EARTHQUAKE("earthquake", 47),
    ALARM_BUTTON("alarm_button", 90);

    private static final Map<String, EventType> BY_NAME = new HashMap<>();
    private static final Map<Integer, EventType> BY_GBT = new HashMap<>();

    static {
        for (EventType type : values()) {
            BY_NAME.put(type.wireName, type);
            BY_GBT.put(type.gbtCode, type);
        }
    }

    private final String wireName;
    private final int gbtCode;

    EventType(String wireName, int gbtCode) {
        this.wireName = wireName;
        this.gbtCode = gbtCode;
    }

    public String wireName() {
        return wireName;
    }

    public int gbtCode() {
        return gbtCode;
    }

    public static Optional<EventType> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    public static Optional<EventType> byGbtCode(int code) {
        return Optional.ofNullable(BY_GBT.get(code));
    }
}
