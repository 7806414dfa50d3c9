package io.liftwatch.simulator;

/** Behaviours for tests that need incidents at rates of their own choosing. */
public final class Behaviours {
    private Behaviours() {
    }

    public static Behaviour withIncidentRates(Behaviour base, double faults, double entrapments, double reboots) {
        return new Behaviour(base.tripsPerDay(), base.heartbeat(), base.counterInterval(), base.visitInterval(),
                faults, entrapments, reboots);
    }
}
