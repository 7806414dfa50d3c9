package io.liftwatch.common.taxonomy;

import java.util.Optional;

/**
 * LiftWatch's own fault taxonomy. Devices may report either the name or the GB/T 24476-style
 * numeric code; regional platforms renumber, so numbers are mapped only at the edges and the
 * name is what is stored and reasoned about.
 */
public enum FaultType {
    SAFETY_CIRCUIT_OPEN("safety_circuit_open", 1, Severity.CRITICAL),
    DOOR_CLOSE_FAILURE("door_close_failure", 2, Severity.MAJOR),
    DOOR_OPEN_FAILURE("door_open_failure", 3, Severity.MAJOR),
    STOPPED_OUTSIDE_DOOR_ZONE("stopped_outside_door_zone", 4, Severity.MAJOR),
    UNINTENDED_MOVEMENT("unintended_movement", 5, Severity.CRITICAL),
    MOTOR_RUNTIME_LIMITER("motor_runtime_limiter", 6, Severity.MAJOR),
    FLOOR_POSITION_LOST("floor_position_lost", 7, Severity.MAJOR),
    RESTART_PREVENTED("restart_prevented", 8, Severity.MAJOR),
    TOP_OVERTRAVEL("top_overtravel", null, Severity.CRITICAL),
    BOTTOM_OVERTRAVEL("bottom_overtravel", null, Severity.CRITICAL),
    ENTRAPMENT("entrapment", null, Severity.CRITICAL),
    OVERSPEED("overspeed", null, Severity.CRITICAL),
    DOOR_OPEN_WHILE_RUNNING("door_open_while_running", null, Severity.CRITICAL),
    REPEATED_DOOR_REOPEN("repeated_door_reopen", null, Severity.MINOR),
    POWER_FAILURE("power_failure", null, Severity.MAJOR),
    DOOR_LOCK_CIRCUIT_OPEN("door_lock_circuit_open", null, Severity.MAJOR),
    STUCK_BUTTON("stuck_button", null, Severity.MINOR),
    PASSENGER_ALARM("passenger_alarm", null, Severity.MAJOR);

    private final String wireName;
    private final Integer gbtCode;
    private final Severity severity;

    FaultType(String wireName, Integer gbtCode, Severity severity) {
        this.wireName = wireName;
        this.gbtCode = gbtCode;
        this.severity = severity;
    }

    public String wireName() {
        return wireName;
    }

    /** The GB/T-style number, or null for regional faults that have no national number. */
    public Integer gbtCode() {
        return gbtCode;
    }

    public Severity severity() {
        return severity;
    }

    private static final Codes<String, FaultType> BY_NAME = Codes.of(values(), FaultType::wireName);
    private static final Codes<Integer, FaultType> BY_GBT = Codes.of(values(), FaultType::gbtCode);

    public static Optional<FaultType> byName(String name) {
        return BY_NAME.find(name);
    }

    public static Optional<FaultType> byGbtCode(int code) {
        return BY_GBT.find(code);
    }
}
