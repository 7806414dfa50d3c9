package io.liftwatch.ingest;

import io.liftwatch.common.wire.Envelope;
import io.liftwatch.common.wire.StatusReport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which status reports of a batch are stored: a report that repeats the lift's previous status in device
 * order (a heartbeat, or a change resent) adds no row; it only moves the lift's latest status key and
 * {@code last_seen_at}. Reports older than the lift's latest status are always offered to the table (its key
 * makes them idempotent): their predecessor is not at hand, and a row too many loses nothing.
 * A change after the lift's latest stored status key cannot be in the table yet (that key moves forward with
 * every row written, under the lift's lock), so it needs no duplicate check: it is {@code fresh}.
 */
final class StatusChanges {
    private StatusChanges() {
    }

    /** What a status says, as {@code status_sample} and {@code lift_state} store it. */
    record Shown(String mode, boolean moving, String direction, String floor, boolean doorZone, boolean doorLocked,
                 boolean passenger, String power, Boolean upLimit, Boolean downLimit, Short loadPct, Float speed) {

        static Shown of(StatusReport s) {
            return new Shown(s.mode().wireName(), s.moving(), s.direction(), s.floor(), s.doorZone(), s.doorLocked(),
                    s.passenger(), s.power(), s.upLimit(), s.downLimit(),
                    s.loadPercent() == null ? null : s.loadPercent().shortValue(),
                    s.speed() == null ? null : s.speed().floatValue());
        }
    }

    /** A lift's latest stored status: its key and what it says. */
    record Latest(long boot, long seq, Shown shown) {
    }

    /**
     * The reports to store: {@code fresh}, after the lift's latest stored status, and {@code offered}, which
     * the table's key may already hold (late, redelivered, or of a lift without a stored status); and per lift
     * how many repeated their predecessor.
     */
    record Selection(List<Inbound> fresh, List<Inbound> offered, Map<String, Integer> repeats) {
    }

    private static int inLiftAndDeviceOrder(Inbound a, Inbound b) {
        Envelope x = a.message().envelope();
        Envelope y = b.message().envelope();
        int lift = x.liftId().compareTo(y.liftId());
        if (lift != 0) {
            return lift;
        }
        int boot = Long.compare(x.boot(), y.boot());
        return boot != 0 ? boot : Long.compare(x.seq(), y.seq());
    }

    /** {@code statuses}: one batch's status reports; {@code latest}: the lifts' latest stored status, if any. */
    static Selection select(List<Inbound> statuses, Map<String, Latest> latest) {
        List<Inbound> ordered = new ArrayList<>(statuses);
        ordered.sort(StatusChanges::inLiftAndDeviceOrder);
        List<Inbound> fresh = new ArrayList<>();
        List<Inbound> offered = new ArrayList<>();
        Map<String, Integer> repeats = new java.util.HashMap<>();
        String lift = null;
        Latest previous = null;
        boolean stored = false;
        for (Inbound inbound : ordered) {
            StatusReport report = (StatusReport) inbound.message();
            if (!report.liftId().equals(lift)) {
                lift = report.liftId();
                previous = latest.get(lift);
                stored = previous != null;
            }
            long boot = report.envelope().boot();
            long seq = report.envelope().seq();
            if (previous != null && !report.envelope().isAfter(previous.boot(), previous.seq())) {
                offered.add(inbound); // late or redelivered: the table's key decides
                continue;
            }
            Shown shown = Shown.of(report);
            if (previous != null && Objects.equals(previous.shown(), shown)) {
                repeats.merge(lift, 1, Integer::sum);
            } else {
                (stored ? fresh : offered).add(inbound);
            }
            previous = new Latest(boot, seq, shown);
        }
        return new Selection(fresh, offered, repeats);
    }
}
