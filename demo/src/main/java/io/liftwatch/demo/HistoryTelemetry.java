package io.liftwatch.demo;

import io.liftwatch.common.registry.Lift;
import io.liftwatch.common.registry.Registry;
import io.liftwatch.common.taxonomy.EventType;
import io.liftwatch.common.taxonomy.FaultType;
import io.liftwatch.common.wire.CounterReport;
import io.liftwatch.common.wire.FaultReport;
import io.liftwatch.common.wire.LiftMessage;
import io.liftwatch.common.wire.RunReport;
import io.liftwatch.simulator.Behaviour;
import io.liftwatch.simulator.LiftModel;
import io.liftwatch.simulator.Simulator;
import org.postgresql.PGConnection;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The district's telemetry over the plan's window as ingest would have stored it: each lift's own
 * simulator model runs the days (runs, counters, ordinary faults), the planned visits become inspection
 * mode periods (43 … 40) and the planned entrapments faults, and the car does not run while either
 * lasts. Loaded by COPY, lift by lift.
 */
final class HistoryTelemetry {
    /** Inserted events and faults take sequence numbers above any a model reaches in the window. */
    private static final long PLANNED_SEQ = 10_000_000L;

    record Loaded(long runs, long counters, long faults, long events) {
    }

    private record Batch(String runs, String counters, String faults, String events, String online, long[] rows) {
    }

    private HistoryTelemetry() {
    }

    /**
     * @param seed the live simulator's seed: each lift's model starts from the counters its live model will
     *             report, so a lift's live counters read as a controller reset, never as a jump in usage
     */
    static Loaded load(Connection c, Registry fleet, HistoryPlan plan, long seed)
            throws SQLException, IOException {
        Map<String, Map<String, List<List<String>>>> cards = Simulator.cardsByStairwellAndFloor(fleet);
        Behaviour field = Behaviour.realistic();
        // Statuses are not kept as history (the live fleet reports its own); visits and entrapments are planned.
        Behaviour behaviour = new Behaviour(field.tripsPerDay(), Duration.ofDays(3650), Duration.ofHours(1),
                Duration.ofDays(3650), field.faultsPerLiftDay(), 0, 0);
        Map<String, List<HistoryPlan.Visit>> visits = plan.visitsInTelemetry();
        long start = plan.telemetryFrom.toEpochMilli();
        long end = plan.now.toEpochMilli();
        long[] rows = new long[4];
        PGConnection copy = c.unwrap(PGConnection.class);
        // The models run in parallel, a few lifts at a time; their rows are copied in fleet order.
        int chunk = 2 * Runtime.getRuntime().availableProcessors();
        for (int from = 0; from < fleet.lifts().size(); from += chunk) {
            List<Batch> batches = fleet.lifts().subList(from, Math.min(from + chunk, fleet.lifts().size()))
                    .parallelStream().map(lift -> simulate(lift, cards, behaviour, visits, plan, seed, start, end))
                    .toList();
            for (Batch batch : batches) {
                for (int i = 0; i < rows.length; i++) {
                    rows[i] += batch.rows()[i];
                }
                copy.getCopyAPI().copyIn("COPY run (lift_id, ts, boot, seq, received_at, started_at, from_floor, to_floor,"
                        + " cards) FROM STDIN", new StringReader(batch.runs()));
                copy.getCopyAPI().copyIn("COPY counter_sample (lift_id, ts, boot, seq, received_at, runs, run_seconds,"
                        + " door_cycles, rope_bends, energy_kwh, d_runs, d_run_seconds, d_door_cycles, d_rope_bends,"
                        + " d_energy_kwh) FROM STDIN", new StringReader(batch.counters()));
                copy.getCopyAPI().copyIn("COPY fault (lift_id, ts, boot, seq, received_at, code, gbt_code, raised, floor,"
                        + " detail) FROM STDIN", new StringReader(batch.faults()));
                copy.getCopyAPI().copyIn("COPY lift_event (lift_id, ts, boot, seq, received_at, type, gbt_code, floor,"
                        + " detail) FROM STDIN", new StringReader(batch.events()));
                copy.getCopyAPI().copyIn("COPY connection_event (lift_id, ts, boot, seq, received_at, online, firmware)"
                        + " FROM STDIN", new StringReader(batch.online()));
            }
        }
        // Every lift was heard throughout the window (its heartbeats are not stored): one presence span each, so
        // period figures count it online, and the live span starts where this one ends.
        try (PreparedStatement presence = c.prepareStatement("INSERT INTO lift_presence (lift_id, since, until)"
                + " SELECT id, to_timestamp(?::float8 / 1000), to_timestamp(?::float8 / 1000) FROM lift"
                + " ON CONFLICT DO NOTHING")) {
            presence.setLong(1, start);
            presence.setLong(2, end);
            presence.executeUpdate();
        }
        // First heard at the window's start, as ingest would have recorded it (it keeps the earliest it sees).
        try (PreparedStatement firstSeen = c.prepareStatement("INSERT INTO lift_state (lift_id, first_seen_at)"
                + " SELECT id, to_timestamp(?::float8 / 1000) FROM lift ON CONFLICT (lift_id) DO UPDATE"
                + " SET first_seen_at = LEAST(lift_state.first_seen_at, excluded.first_seen_at)")) {
            firstSeen.setLong(1, start);
            firstSeen.executeUpdate();
        }
        return new Loaded(rows[0], rows[1], rows[2], rows[3]);
    }


    /** One lift's rows as COPY text: its model's runs, counters and faults, and the planned events and faults. */
    private static Batch simulate(Lift lift, Map<String, Map<String, List<List<String>>>> cards, Behaviour behaviour,
                                  Map<String, List<HistoryPlan.Visit>> visits, HistoryPlan plan, long seed, long start,
                                  long end) {
        LiftModel model = new LiftModel(lift, cards.getOrDefault(lift.stairwellId(), Map.of()), behaviour,
                seed * 31 + lift.id().hashCode(), start);
        long boot = start / 1000;
        long[] rows = new long[4];
        List<HistoryPlan.Visit> liftVisits = visits.getOrDefault(lift.id(), List.of());
        List<HistoryPlan.Entrapment> trapped = plan.entrapments.stream()
                .filter(e -> e.liftId().equals(lift.id())).toList();
        StringBuilder runs = new StringBuilder();
        StringBuilder counters = new StringBuilder();
        StringBuilder faults = new StringBuilder();
        StringBuilder events = new StringBuilder();
        CounterReport previous = null;
        for (LiftMessage message : model.advance(end)) {
            if (message instanceof RunReport run) {
                if (stopped(run.startedAt(), run.endedAt(), liftVisits, trapped)) {
                    continue;
                }
                line(runs, lift.id(), instant(run.endedAt()), boot, run.envelope().seq(), instant(run.endedAt()),
                        instant(run.startedAt()), run.fromFloor(), run.toFloor(),
                        "{" + String.join(",", run.cards()) + "}");
                rows[0]++;
            } else if (message instanceof CounterReport counter) {
                line(counters, lift.id(), instant(counter.envelope().deviceTime()), boot, counter.envelope().seq(),
                        instant(counter.envelope().deviceTime()), counter.runs(), counter.runSeconds(),
                        counter.doorCycles(), counter.ropeBends(), counter.energyKwh(),
                        previous == null ? 0 : counter.runs() - previous.runs(),
                        previous == null ? 0 : counter.runSeconds() - previous.runSeconds(),
                        previous == null ? 0 : counter.doorCycles() - previous.doorCycles(),
                        previous == null ? 0 : counter.ropeBends() - previous.ropeBends(),
                        previous == null ? "0" : counter.energyKwh().subtract(previous.energyKwh()));
                previous = counter;
                rows[1]++;
            } else if (message instanceof FaultReport fault) {
                fault(faults, lift.id(), fault.envelope().deviceTime(), boot, fault.envelope().seq(), fault.type(),
                        fault.raised(), fault.floor(), fault.detail());
                rows[2]++;
            }
        }
        long seq = PLANNED_SEQ;
        for (HistoryPlan.Visit visit : liftVisits) {
            event(events, lift.id(), visit.modeFrom().toEpochMilli(), boot, seq++, EventType.INSPECTION_MODE,
                    lift.floorLabels().get(0), "maintenance visit");
            event(events, lift.id(), visit.modeTo().toEpochMilli(), boot, seq++, EventType.BACK_TO_NORMAL,
                    lift.floorLabels().get(0), null);
            rows[3] += 2;
        }
        for (HistoryPlan.Entrapment e : trapped) {
            fault(faults, lift.id(), e.raisedAt().toEpochMilli(), boot, seq++, FaultType.ENTRAPMENT, true,
                    e.floor(), "passenger trapped");
            fault(faults, lift.id(), e.releasedAt().toEpochMilli(), boot, seq++, FaultType.ENTRAPMENT, false,
                    e.floor(), null);
            rows[2] += 2;
        }
        String connected = instant(start);
        StringBuilder online = new StringBuilder();
        line(online, lift.id(), connected, boot, 0, connected, "t", "2.4.1");
        return new Batch(runs.toString(), counters.toString(), faults.toString(), events.toString(),
                online.toString(), rows);
    }

    /** Whether the car stood still then: a technician had it in inspection mode, or passengers were trapped. */
    private static boolean stopped(long from, long to, List<HistoryPlan.Visit> visits,
                                   List<HistoryPlan.Entrapment> trapped) {
        for (HistoryPlan.Visit v : visits) {
            if (from < v.endedAt().toEpochMilli() && to > v.startedAt().toEpochMilli()) {
                return true;
            }
        }
        for (HistoryPlan.Entrapment e : trapped) {
            if (from < e.releasedAt().toEpochMilli() + 60_000 && to > e.raisedAt().toEpochMilli() - 60_000) {
                return true;
            }
        }
        return false;
    }

    private static void fault(StringBuilder out, String lift, long at, long boot, long seq, FaultType type,
                              boolean raised, String floor, String detail) {
        line(out, lift, instant(at), boot, seq, instant(at), type.wireName(),
                type.gbtCode() == null ? "\\N" : type.gbtCode(), raised ? "t" : "f", floor == null ? "\\N" : floor,
                detail == null ? "\\N" : detail);
    }

    private static void event(StringBuilder out, String lift, long at, long boot, long seq, EventType type,
                              String floor, String detail) {
        line(out, lift, instant(at), boot, seq, instant(at), type.wireName(), type.gbtCode(), floor,
                detail == null ? "\\N" : detail);
    }

    /** One COPY text line; the values are the simulator's own (no tabs, newlines or backslashes). */
    private static void line(StringBuilder out, Object... values) {
        for (int i = 0; i < values.length; i++) {
            out.append(i == 0 ? "" : "\t").append(values[i]);
        }
        out.append('\n');
    }

    private static String instant(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }
}
