package io.liftwatch.simulator;

import java.time.Duration;

/**
 * How simulated lifts behave. Defaults follow the field figures: about 100 runs a day per stairwell
 * with peaks at 08–10 h and 18–20 h, door cycles 1.0–1.5 × runs, a maintenance visit (inspection mode)
 * about every 15 days, entrapments about 1–2 per 100 lifts a month.
 *
 * @param faultsPerLiftDay     ordinary faults (door, levelling) per lift per day
 * @param entrapmentsPerLiftDay entrapments per lift per day (0.0005 ≈ 1.5 per 100 lifts a month)
 * @param rebootsPerLiftDay    controller restarts per lift per day; one in ten also resets its counters
 */
public record Behaviour(double tripsPerDay, Duration heartbeat, Duration counterInterval, Duration visitInterval,
                        double faultsPerLiftDay, double entrapmentsPerLiftDay, double rebootsPerLiftDay) {

    public static Behaviour realistic() {
        return new Behaviour(100, Duration.ofSeconds(60), Duration.ofMinutes(15), Duration.ofDays(15),
                0.02, 0.0005, 0.002);
    }

    /** A demonstration fleet: ten times the traffic, and incidents every few minutes somewhere in it. */
    public static Behaviour busy() {
        return new Behaviour(1000, Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofHours(6), 20, 2, 0.5);
    }
}
