package io.liftwatch.common.taxonomy;

/**
 * The alarm types LiftWatch raises itself, as stored in {@code alarm.type}; a device fault's alarm carries
 * its {@link FaultType#wireName()} instead. Alerts raises them; the API, reports and the city feed read them.
 */
public final class AlarmType {
    /** Last Will, or silence past the lift's deadline. */
    public static final String OFFLINE = "offline";
    public static final String POWER_FAILURE = "power_failure";
    public static final String ALARM_BUTTON = "alarm_button";
    public static final String EARTHQUAKE = "earthquake";
    /** Fire return or firefighter operation. */
    public static final String FIRE_SERVICE = "fire_service";
    public static final String EMERGENCY_POWER = "emergency_power";
    public static final String ENTRAPMENT = "entrapment";
    public static final String STOPPED_OUTSIDE_DOOR_ZONE = "stopped_outside_door_zone";
    public static final String REPEATED_DOOR_REOPEN = "repeated_door_reopen";
    public static final String DOOR_CYCLE_RATIO = "door_cycle_ratio";
    /** No rescuer arrived within the time limit of an entrapment. */
    public static final String RESCUE_LATE = "rescue_late";
    public static final String MAINTENANCE_DUE = "maintenance_due";
    public static final String INSPECTION_DUE = "inspection_due";
    public static final String INSPECTION_OVERDUE = "inspection_overdue";
    /** The controller reports the lift out of service. */
    public static final String OUT_OF_SERVICE = "out_of_service";

    private AlarmType() {
    }
}
