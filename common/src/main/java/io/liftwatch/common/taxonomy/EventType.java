package io.liftwatch.common.taxonomy;

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

    private static final Codes<String, EventType> BY_NAME = Codes.of(values(), EventType::wireName);
    private static final Codes<Integer, EventType> BY_GBT = Codes.of(values(), EventType::gbtCode);

    public static Optional<EventType> byName(String name) {
        return BY_NAME.find(name);
    }

    public static Optional<EventType> byGbtCode(int code) {
        return BY_GBT.find(code);
    }
}
