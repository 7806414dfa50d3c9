package io.liftwatch.simulator;

import io.liftwatch.common.registry.Lift;
import io.liftwatch.common.taxonomy.EventType;
import io.liftwatch.common.taxonomy.FaultType;
import io.liftwatch.common.taxonomy.ServiceMode;
import io.liftwatch.common.wire.ConnectionReport;
import io.liftwatch.common.wire.CounterReport;
import io.liftwatch.common.wire.Envelope;
import io.liftwatch.common.wire.EventReport;
import io.liftwatch.common.wire.FaultReport;
import io.liftwatch.common.wire.LiftMessage;
import io.liftwatch.common.wire.RunReport;
import io.liftwatch.common.wire.StatusReport;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One simulated retrofit lift. {@link #advance} moves its simulated clock forward and returns the
 * messages its controller would have sent meanwhile, in order: trips (status on departure and arrival,
 * a run with the cards presented), heartbeats, counters, maintenance visits, faults and entrapments,
 * reboots. Deterministic for a given seed and sequence of calls.
 */
public final class LiftModel {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final long DAY = 86_400_000L;
    /** Share of a day's trips in each hour: quiet nights, peaks 07–09 and 17–20. */
    private static final double[] HOURLY = {
            0.3, 0.2, 0.1, 0.1, 0.2, 0.6, 2.5, 6.5, 8.5, 6.0, 4.0, 4.0,
            5.0, 4.5, 3.5, 3.5, 4.5, 7.0, 9.0, 8.0, 6.0, 4.0, 2.0, 1.0};
    private static final double HOURLY_SUM = java.util.Arrays.stream(HOURLY).sum();

    private final Lift lift;
    private final Map<String, List<List<String>>> cardsByFloor;
    private final Behaviour behaviour;
    private final Random random;
    private final List<LiftMessage> out = new ArrayList<>();

    private long now;
    private long boot;
    private long seq;
    private int carIndex;
    private ServiceMode mode = ServiceMode.NORMAL;
    private long runs;
    private long runSeconds;
    private long doorCycles;
    private long ropeBends;
    private long energyWh;
    private long nextTrip;
    private long nextHeartbeat;
    private long nextCounters;
    private long nextVisit;
    private long visitEnds = Long.MAX_VALUE;
    private long nextFault;
    private long nextEntrapment;
    private long nextReboot;
    private FaultType openFault;
    private long faultClears = Long.MAX_VALUE;

    /**
     * @param cardsByFloor for each floor label, the households living there, each as the list of its cards
     */
    public LiftModel(Lift lift, Map<String, List<List<String>>> cardsByFloor, Behaviour behaviour, long seed,
                     long startMillis) {
        this.lift = lift;
        this.cardsByFloor = cardsByFloor;
        this.behaviour = behaviour;
        this.random = new Random(seed);
        this.now = startMillis;
        this.boot = startMillis / 1000;
        this.runs = 20_000 + random.nextInt(20_000);
        this.doorCycles = runs * 13 / 10;
        this.runSeconds = runs * 14;
        this.ropeBends = runs * 3;
        this.energyWh = runs * 45;
        this.nextTrip = startMillis + exponential(DAY / Math.max(behaviour.tripsPerDay(), 0.001));
        this.nextHeartbeat = startMillis + (long) (random.nextDouble() * behaviour.heartbeat().toMillis());
        this.nextCounters = startMillis + (long) (random.nextDouble() * behaviour.counterInterval().toMillis());
        this.nextVisit = startMillis + (long) (random.nextDouble() * behaviour.visitInterval().toMillis());
        this.nextFault = startMillis + rare(behaviour.faultsPerLiftDay());
        this.nextEntrapment = startMillis + rare(behaviour.entrapmentsPerLiftDay());
        this.nextReboot = startMillis + rare(behaviour.rebootsPerLiftDay());
    }

    public String liftId() {
        return lift.id();
    }

    /** The announcement sent on connecting; its will (offline) takes the next sequence number. */
    public ConnectionReport connect() {
        ConnectionReport online = new ConnectionReport(envelope(now), true, "2.4.1");
        seq++; // reserved for the will
        return online;
    }

    /** The Last Will registered with the connection made by {@link #connect()}. */
    public ConnectionReport will(ConnectionReport announcement) {
        Envelope e = announcement.envelope();
        return new ConnectionReport(new Envelope(e.liftId(), e.boot(), e.seq() + 1, e.deviceTime()), false, "2.4.1");
    }

    /** The current status, as sent on change and as a heartbeat. */
    public StatusReport status() {
        return status(false, "none", false);
    }

    public List<LiftMessage> advance(long until) {
        out.clear();
        while (true) {
            long next = Math.min(Math.min(Math.min(nextTrip, nextHeartbeat), Math.min(nextCounters, nextVisit)),
                    Math.min(Math.min(visitEnds, nextFault), Math.min(Math.min(nextEntrapment, nextReboot), faultClears)));
            if (next > until) {
                break;
            }
            now = next;
            if (next == faultClears) {
                clearFault();
            } else if (next == visitEnds) {
                endVisit();
            } else if (next == nextTrip) {
                if (mode == ServiceMode.NORMAL && openFault == null) {
                    trip();
                }
                nextTrip = now + exponential(3_600_000.0 * HOURLY_SUM / (behaviour.tripsPerDay() * HOURLY[hour()]));
            } else if (next == nextHeartbeat) {
                out.add(status());
                nextHeartbeat = now + behaviour.heartbeat().toMillis();
            } else if (next == nextCounters) {
                out.add(counters());
                nextCounters = now + behaviour.counterInterval().toMillis();
            } else if (next == nextVisit) {
                startVisit();
            } else if (next == nextEntrapment) {
                entrapment();
                nextEntrapment = now + rare(behaviour.entrapmentsPerLiftDay());
            } else if (next == nextFault) {
                fault();
                nextFault = now + rare(behaviour.faultsPerLiftDay());
            } else {
                reboot();
                nextReboot = now + rare(behaviour.rebootsPerLiftDay());
            }
        }
        now = Math.max(now, until);
        return List.copyOf(out);
    }

    private void trip() {
        List<String> floors = lift.floorLabels();
        boolean morning = hour() < 12;
        boolean down = random.nextDouble() < (morning ? 0.6 : 0.4);
        int household = floors.size() - 1 - random.nextInt(floors.size() - 1);
        String floor = floors.get(household);
        List<List<String>> flats = cardsByFloor.getOrDefault(floor, List.of());
        if (down || flats.isEmpty()) {
            run(household, 0, List.of());
        } else {
            // Usually one household rides; sometimes the neighbours across the landing ride along.
            int flat = random.nextInt(flats.size());
            List<String> cards = new ArrayList<>(List.of(pick(flats.get(flat))));
            if (flats.size() > 1 && random.nextDouble() < 0.1) {
                cards.add(pick(flats.get((flat + 1) % flats.size())));
            }
            run(0, household, cards);
        }
    }

    private void run(int from, int to, List<String> cards) {
        if (carIndex != from) {
            move(carIndex, from, List.of());
        }
        move(from, to, cards);
    }

    private void move(int from, int to, List<String> cards) {
        if (from == to) {
            return;
        }
        long start = now;
        String direction = to > from ? "up" : "down";
        out.add(status(true, direction, true));
        long duration = 4_000 + 3_000L * Math.abs(to - from) + random.nextInt(2_000);
        now = start + duration;
        carIndex = to;
        out.add(new RunReport(envelope(now), start, now, lift.floorLabels().get(from), lift.floorLabels().get(to), cards));
        out.add(status(false, "none", !cards.isEmpty()));
        runs++;
        runSeconds += Math.round(duration / 1000.0);
        doorCycles += random.nextDouble() < 0.3 ? 2 : 1;
        ropeBends += 3;
        energyWh += 30 + random.nextInt(30);
        nextTrip = Math.max(nextTrip, now);
    }

    private void startVisit() {
        mode = ServiceMode.INSPECTION;
        out.add(new EventReport(envelope(now), EventType.INSPECTION_MODE, floorLabel(), "maintenance visit"));
        out.add(status());
        visitEnds = now + 45 * 60_000L + random.nextInt(30 * 60_000);
        long interval = behaviour.visitInterval().toMillis();
        nextVisit = now + interval - DAY + (long) (random.nextDouble() * 2 * DAY);
    }

    private void endVisit() {
        mode = ServiceMode.NORMAL;
        visitEnds = Long.MAX_VALUE;
        out.add(new EventReport(envelope(now), EventType.BACK_TO_NORMAL, floorLabel(), null));
        out.add(status());
    }

    private void fault() {
        if (openFault != null) {
            return;
        }
        FaultType[] common = {FaultType.DOOR_CLOSE_FAILURE, FaultType.DOOR_OPEN_FAILURE,
                FaultType.STOPPED_OUTSIDE_DOOR_ZONE, FaultType.REPEATED_DOOR_REOPEN, FaultType.STUCK_BUTTON};
        openFault = common[random.nextInt(common.length)];
        out.add(new FaultReport(envelope(now), openFault, true, floorLabel(), null));
        faultClears = now + 2 * 60_000L + random.nextInt(28 * 60_000);
    }

    private void entrapment() {
        if (openFault != null || mode != ServiceMode.NORMAL) {
            return;
        }
        openFault = FaultType.ENTRAPMENT;
        out.add(new StatusReport(envelope(now), mode, false, "none", floorLabel(), false, true, true, "mains",
                false, false, 20, 0.0));
        out.add(new FaultReport(envelope(now), FaultType.ENTRAPMENT, true, floorLabel(), "passenger trapped"));
        faultClears = now + 12 * 60_000L + random.nextInt(15 * 60_000);
    }

    private void clearFault() {
        out.add(new FaultReport(envelope(now), openFault, false, floorLabel(), null));
        if (openFault == FaultType.ENTRAPMENT) {
            out.add(status(false, "none", false));
        }
        openFault = null;
        faultClears = Long.MAX_VALUE;
    }

    private void reboot() {
        boot = Math.max(boot + 1, now / 1000);
        seq = 0;
        if (random.nextInt(10) == 0) {
            runs = runSeconds = doorCycles = ropeBends = energyWh = 0;
        }
        out.add(connect());
        out.add(status());
        out.add(counters());
    }

    private CounterReport counters() {
        return new CounterReport(envelope(now), runs, runSeconds, doorCycles, ropeBends,
                BigDecimal.valueOf(energyWh, 3));
    }

    private StatusReport status(boolean moving, String direction, boolean passenger) {
        boolean trapped = openFault == FaultType.ENTRAPMENT;
        boolean doorOpen = passenger && !moving && !trapped;
        return new StatusReport(envelope(now), mode, moving, direction, floorLabel(), !moving && !trapped,
                !doorOpen, passenger || trapped, "mains", false, false,
                passenger || trapped ? 15 + random.nextInt(40) : 0, moving ? 1.0 : 0.0);
    }

    private Envelope envelope(long time) {
        return new Envelope(lift.id(), boot, seq++, time);
    }

    private String floorLabel() {
        return lift.floorLabels().get(carIndex);
    }

    private int hour() {
        return Instant.ofEpochMilli(now).atZone(ZONE).getHour();
    }

    private String pick(List<String> cards) {
        return cards.get(random.nextInt(cards.size()));
    }

    private long exponential(double meanMillis) {
        return Math.max(1, (long) (-Math.log(1 - random.nextDouble()) * meanMillis));
    }

    private long rare(double perDay) {
        return perDay <= 0 ? Long.MAX_VALUE / 2 : exponential(DAY / perDay);
    }
}
