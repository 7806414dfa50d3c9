package io.liftwatch.alerts;

/**
 * Who raised or cleared an alarm. Each alarm keeps the sources holding it open; a source lets go only
 * by its own clear (or a person's), so one that cannot see a condition never ends another's report.
 */
public enum AlarmSource {
    /** The controller's own report: a fault, an event, its Last Will or connection, its status' power. */
    DEVICE,
    /** A condition LiftWatch reads from status or counters (an entrapment inferred, door trouble). */
    INFERRED,
    /** A deadline that passed: silence, a maintenance interval, an inspection date, a rescue limit. */
    TIMER,
    /** A person through the API: a clear with a reason, a technician's release. */
    PERSON;

    String code() {
        return name().toLowerCase();
    }
}
