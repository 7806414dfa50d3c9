package io.liftwatch.simulator;

import io.liftwatch.common.registry.Lift;
import io.liftwatch.common.taxonomy.ServiceMode;
import io.liftwatch.common.wire.CounterReport;
import io.liftwatch.common.wire.Envelope;
import io.liftwatch.common.wire.LiftMessage;
import io.liftwatch.common.wire.StatusReport;

import java.math.BigDecimal;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A load stream for benchmarks and crash tests: status reports (four in five) and counter readings
 * from every lift of a fleet in turn, each stamped with the clock at the moment it is made, so that
 * commit time minus device time is the end-to-end latency. Every message is valid and distinct.
 */
public final class Flood {
    private final List<Lift> lifts;
    private final LongSupplier clock;
    private final long boot;
    private final long[] seq;
    private long produced;

    /** Rounds of the fleet (a message from each lift) in a cycle: four of status reports, then one of counter readings. */
    public static final int CYCLE_ROUNDS = 5;

    public Flood(List<Lift> lifts, long boot, LongSupplier clock) {
        this.lifts = List.copyOf(lifts);
        this.boot = boot;
        this.clock = clock;
        this.seq = new long[lifts.size()];
    }

    /** The lift the next message will come from. */
    public String nextLift() {
        return lifts.get((int) (produced % lifts.size())).id();
    }

    public LiftMessage next() {
        int index = (int) (produced % lifts.size());
        long round = produced / lifts.size();
        produced++;
        Lift lift = lifts.get(index);
        Envelope envelope = new Envelope(lift.id(), boot, seq[index]++, clock.getAsLong());
        if (round % CYCLE_ROUNDS == CYCLE_ROUNDS - 1) {
            long runs = 10_000 + round;
            return new CounterReport(envelope, runs, runs * 14, runs * 13 / 10, runs * 3, BigDecimal.valueOf(runs * 45, 3));
        }
        List<String> floors = lift.floorLabels();
        boolean moving = round % 2 == 0;
        return new StatusReport(envelope, ServiceMode.NORMAL, moving, moving ? "up" : "none",
                floors.get((int) (round % floors.size())), !moving, true, moving, "mains", false, false,
                moving ? 30 : 0, moving ? 1.0 : 0.0);
    }

    /**
     * Moves on to the start of the next cycle, unless at one, so that whole cycles from there hold the same mix of
     * kinds however much of the stream went before. Nothing is made for the rounds passed over: each lift's
     * sequence numbers go on without a gap.
     */
    public void skipToCycleStart() {
        long cycle = (long) CYCLE_ROUNDS * lifts.size();
        produced = (produced + cycle - 1) / cycle * cycle;
    }

    public long produced() {
        return produced;
    }
}
