package io.liftwatch.demo;

import io.liftwatch.common.audit.AuditChain;
import io.liftwatch.common.registry.Lift;
import io.liftwatch.common.registry.Registry;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The records a regulator relies on, as the API and alerts would have written them: maintenance
 * contracts, visits, periodic inspections, and the two entrapments' alarms and rescues. Visits,
 * inspections and released rescues join each lift's audit chain in the order they were recorded, so
 * verification finds the seeded history intact.
 */
final class HistoryRecords {
    private static final String ADD_CONTRACT = """
            INSERT INTO maintenance_contract (lift_id, company_id, starts_on, ends_on, free_until, recorded_by, recorded_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)""";
    private static final String ADD_VISIT = """
            INSERT INTO maintenance_visit (lift_id, tier, started_at, ended_at, items, findings, technicians,
                                           confirmed_by, inspection_mode_from, inspection_mode_to, recorded_by,
                                           recorded_at)
            VALUES (?, ?, ?, ?, ?::text[], ?, ?::text[], ?, ?, ?, ?, ?) RETURNING id""";
    private static final String ADD_INSPECTION = """
            INSERT INTO inspection (lift_id, inspected_on, body, result, certificate, next_due, recorded_by, recorded_at)
            VALUES (?, ?, ?, 'pass', ?, ?, ?, ?) RETURNING id""";
    private static final String ADD_ALARM = """
            INSERT INTO alarm (lift_id, type, severity, status, first_seen, last_seen, count, acknowledged_at,
                               acknowledged_by, cleared_at, cleared_by, clear_reason, sources, open_sources)
            VALUES (?, ?, ?, 'cleared', ?, ?, 1, ?, ?, ?, ?, ?, ARRAY[?], '{}') RETURNING id""";
    private static final String ADD_ALARM_EVENT = """
            INSERT INTO alarm_event (alarm_id, lift_id, type, kind, at, recorded_at, actor, detail, source)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String ADD_RESCUE = """
            INSERT INTO rescue (alarm_id, lift_id, raised_at, acknowledged_at, arrived_at, arrived_by, released_at,
                                arrival_breached_at, cause, arrival_limit, dispatched_at, dispatched_to, dispatched_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, interval '30 minutes', ?, ?, ?)""";

    private static final String[] HALF_MONTHLY_ITEMS = {"A1 machine and control cabinet", "A5 brake",
            "A12 car door and landing doors", "A17 door lock contacts", "A22 emergency alarm and lighting",
            "A31 pit and buffers"};
    private static final String[] TECHNICIANS = {"Chen Gang", "Liu Yang", "Zhou Jian", "Sun Wei", "Ma Lin", "Xu Tao"};

    /** One record to chain: when it was recorded, and how to write it. */
    private record Pending(Instant recordedAt, String liftId, Writer write) {
    }

    @FunctionalInterface
    private interface Writer {
        void write(Connection c) throws SQLException;
    }

    private HistoryRecords() {
    }

    static void contracts(Connection c, Registry fleet, LocalDate today) throws SQLException {
        try (PreparedStatement add = c.prepareStatement(ADD_CONTRACT)) {
            for (Lift lift : fleet.lifts()) {
                LocalDate start = lift.serviceStart() == null ? today.minusYears(3) : lift.serviceStart();
                // The installer's contract, the first year free, then a renewal running past the demo's day.
                LocalDate renewal = start.plusYears(2);
                LocalDate renewalEnds = renewal.plusYears(3).isAfter(today.plusYears(1)) ? renewal.plusYears(3)
                        : today.plusYears(1);
                contract(add, lift, start, renewal, start.plusYears(1), start.minusDays(10));
                contract(add, lift, renewal, renewalEnds, null, renewal.minusDays(20));
            }
            add.executeBatch();
        }
    }

    private static void contract(PreparedStatement add, Lift lift, LocalDate from, LocalDate to, LocalDate free,
                                 LocalDate signed) throws SQLException {
        add.setString(1, lift.id());
        add.setString(2, lift.maintainerId());
        add.setDate(3, Date.valueOf(from));
        add.setDate(4, Date.valueOf(to));
        add.setDate(5, free == null ? null : Date.valueOf(free));
        add.setString(6, lift.useUnitId());
        add.setTimestamp(7, Timestamp.from(signed.atStartOfDay(HistoryPlan.ZONE).toInstant().plus(Duration.ofHours(10))));
        add.addBatch();
    }

    /** Visits, inspections and rescues, written and chained in the order they were recorded. */
    static void chained(Connection c, Registry fleet, HistoryPlan plan) throws SQLException {
        List<Pending> pending = new ArrayList<>();
        for (HistoryPlan.Visit visit : plan.visits) {
            Lift lift = fleet.lifts().stream().filter(l -> l.id().equals(visit.liftId())).findFirst().orElseThrow();
            // Recorded the evening of the visit; the newest unconfirmed ones not yet signed off.
            Instant recorded = visit.endedAt().plus(Duration.ofHours(6));
            pending.add(new Pending(recorded, visit.liftId(), conn -> visit(conn, lift, visit,
                    recorded.isAfter(plan.now) ? plan.now : recorded)));
        }
        for (HistoryPlan.Inspection inspection : plan.inspections) {
            Instant recorded = HistoryPlan.at(inspection.inspectedOn().plusDays(2), 15, 0);
            pending.add(new Pending(recorded, inspection.liftId(), conn -> inspection(conn, inspection,
                    recorded.isAfter(plan.now) ? plan.now : recorded)));
        }
        for (HistoryPlan.Entrapment entrapment : plan.entrapments) {
            pending.add(new Pending(entrapment.releasedAt(), entrapment.liftId(), conn -> rescue(conn, entrapment)));
        }
        pending.sort(Comparator.comparing(Pending::recordedAt).thenComparing(Pending::liftId));
        for (Pending p : pending) {
            p.write().write(c);
        }
    }

    private static void visit(Connection c, Lift lift, HistoryPlan.Visit visit, Instant recorded) throws SQLException {
        int n = Math.floorMod(lift.id().hashCode() + visit.startedAt().hashCode(), TECHNICIANS.length);
        List<String> items = new ArrayList<>(List.of(HALF_MONTHLY_ITEMS));
        if (!visit.tier().equals("half_monthly")) {
            items.add("B " + visit.tier().replace('_', '-') + " items");
        }
        String findings = visit.late() ? "visit postponed: technician reassigned to a breakdown" : null;
        String company = lift.maintainerId();
        long id;
        try (PreparedStatement add = c.prepareStatement(ADD_VISIT)) {
            add.setString(1, lift.id());
            add.setString(2, visit.tier());
            add.setTimestamp(3, Timestamp.from(visit.startedAt()));
            add.setTimestamp(4, Timestamp.from(visit.endedAt()));
            add.setString(5, textArray(items));
            add.setString(6, findings);
            add.setString(7, textArray(List.of(TECHNICIANS[n], TECHNICIANS[(n + 1) % TECHNICIANS.length])));
            add.setString(8, visit.confirmed() ? "Safety manager, " + lift.useUnitId() : null);
            add.setTimestamp(9, visit.inspectionMode() ? Timestamp.from(visit.modeFrom()) : null);
            add.setTimestamp(10, visit.inspectionMode() ? Timestamp.from(visit.modeTo()) : null);
            add.setString(11, company);
            add.setTimestamp(12, Timestamp.from(recorded));
            id = returnedId(add);
        }
        AuditChain.append(c, AuditChain.Kind.MAINTENANCE_VISIT, id);
    }

    private static void inspection(Connection c, HistoryPlan.Inspection inspection, Instant recorded)
            throws SQLException {
        long id;
        try (PreparedStatement add = c.prepareStatement(ADD_INSPECTION)) {
            add.setString(1, inspection.liftId());
            add.setDate(2, Date.valueOf(inspection.inspectedOn()));
            add.setString(3, "Nanjing Special Equipment Inspection Institute");
            add.setString(4, inspection.certificate());
            add.setDate(5, Date.valueOf(inspection.nextDue()));
            add.setString(6, "bureau-jiangning");
            add.setTimestamp(7, Timestamp.from(recorded));
            id = returnedId(add);
        }
        AuditChain.append(c, AuditChain.Kind.INSPECTION, id);
    }

    /**
     * The entrapment alarm and its rescue clock as alerts kept them: raised by the device, acknowledged
     * by the duty desk, a technician sent and arriving, cleared on release; a late arrival also raised
     * {@code rescue_late} at the limit. Chained once released.
     */
    private static void rescue(Connection c, HistoryPlan.Entrapment e) throws SQLException {
        Instant raised = e.raisedAt();
        Instant acknowledged = raised.plus(Duration.ofMinutes(2));
        Instant dispatched = raised.plus(Duration.ofMinutes(4));
        boolean late = e.toArrive().compareTo(Duration.ofMinutes(30)) > 0;
        long alarm = alarm(c, e.liftId(), "entrapment", "critical", raised, acknowledged, "duty desk",
                e.releasedAt(), "device", "passengers released", "device");
        event(c, alarm, e.liftId(), "entrapment", "raised", raised, "device", "passenger trapped at floor " + e.floor(),
                "device");
        event(c, alarm, e.liftId(), "entrapment", "acknowledged", acknowledged, "duty desk", null, "person");
        event(c, alarm, e.liftId(), "entrapment", "dispatched", dispatched, "duty desk", e.technician(), "person");
        event(c, alarm, e.liftId(), "entrapment", "arrived", e.arrivedAt(), e.technician(), null, "person");
        event(c, alarm, e.liftId(), "entrapment", "cleared", e.releasedAt(), "device", "passengers released", "device");
        Instant breached = raised.plus(Duration.ofMinutes(30));
        if (late) {
            long lateAlarm = alarm(c, e.liftId(), "rescue_late", "critical", breached, null, null, e.arrivedAt(), "alerts",
                    "technician arrived", "timer");
            event(c, lateAlarm, e.liftId(), "rescue_late", "raised", breached, "alerts",
                    "no technician on site 30 min after the entrapment", "timer");
            event(c, lateAlarm, e.liftId(), "rescue_late", "cleared", e.arrivedAt(), "alerts", "technician arrived",
                    "timer");
        }
        try (PreparedStatement add = c.prepareStatement(ADD_RESCUE)) {
            add.setLong(1, alarm);
            add.setString(2, e.liftId());
            add.setTimestamp(3, Timestamp.from(raised));
            add.setTimestamp(4, Timestamp.from(acknowledged));
            add.setTimestamp(5, Timestamp.from(e.arrivedAt()));
            add.setString(6, e.technician());
            add.setTimestamp(7, Timestamp.from(e.releasedAt()));
            add.setTimestamp(8, late ? Timestamp.from(breached) : null);
            add.setString(9, late ? "car stopped between floors after a power dip; technician came from another site"
                    : "door operator fault, car stopped at floor level");
            add.setTimestamp(10, Timestamp.from(dispatched));
            add.setString(11, e.technician());
            add.setString(12, "duty desk");
            add.executeUpdate();
        }
        AuditChain.append(c, AuditChain.Kind.RESCUE, alarm);
    }

    private static long alarm(Connection c, String lift, String type, String severity, Instant first,
                              Instant acknowledged, String acknowledgedBy, Instant cleared, String clearedBy,
                              String reason, String source) throws SQLException {
        try (PreparedStatement add = c.prepareStatement(ADD_ALARM)) {
            add.setString(1, lift);
            add.setString(2, type);
            add.setString(3, severity);
            add.setTimestamp(4, Timestamp.from(first));
            add.setTimestamp(5, Timestamp.from(first));
            add.setTimestamp(6, acknowledged == null ? null : Timestamp.from(acknowledged));
            add.setString(7, acknowledgedBy);
            add.setTimestamp(8, Timestamp.from(cleared));
            add.setString(9, clearedBy);
            add.setString(10, reason);
            add.setString(11, source);
            return returnedId(add);
        }
    }

    private static void event(Connection c, long alarm, String lift, String type, String kind, Instant at, String actor,
                              String detail, String source) throws SQLException {
        try (PreparedStatement add = c.prepareStatement(ADD_ALARM_EVENT)) {
            Parameters.set(add, alarm, lift, type, kind, at, at, actor, detail, source).executeUpdate();
        }
    }

    private static long returnedId(PreparedStatement add) throws SQLException {
        try (ResultSet row = add.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    /** A PostgreSQL array literal of the given texts (none holds a quote or backslash). */
    private static String textArray(List<String> texts) {
        return "{" + String.join(",", texts.stream().map(t -> "\"" + t + "\"").toList()) + "}";
    }
}
