package io.liftwatch.ingest;

import io.liftwatch.common.wire.StatusReport;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which status reports of a batch are stored: a report that repeats the lift's previous status in device
 * order (a heartbeat, or a change resent) adds no row; it only moves the lift's latest status key and
 * {@code last_seen_at}. Reports older than the lift's latest status are always offered to the table (its key
 * makes them idempotent): their predecessor is not at hand, and a row too many loses nothing.
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

    /** The reports to store, and per lift how many repeated their predecessor. */
    record Selection(List<Inbound> changes, Map<String, Integer> repeats) {
    }

    /** {@code statuses}: one batch's status reports; {@code latest}: the lifts' latest stored status, if any. */
    static Selection select(List<Inbound> statuses, Map<String, Latest> latest) {
        List<Inbound> ordered = new ArrayList<>(statuses);
        ordered.sort(Comparator.comparing((Inbound i) -> i.message().liftId())
                .thenComparingLong(i -> i.message().envelope().boot())
                .thenComparingLong(i -> i.message().envelope().seq()));
        List<Inbound> changes = new ArrayList<>();
        Map<String, Integer> repeats = new java.util.TreeMap<>();
        String lift = null;
        Latest previous = null;
        for (Inbound inbound : ordered) {
            StatusReport report = (StatusReport) inbound.message();
            if (!report.liftId().equals(lift)) {
                lift = report.liftId();
                previous = latest.get(lift);
            }
            long boot = report.envelope().boot();
            long seq = report.envelope().seq();
            Shown shown = Shown.of(report);
            if (previous != null && !report.envelope().isAfter(previous.boot(), previous.seq())) {
                changes.add(inbound); // late or redelivered: the table's key decides
                continue;
            }
            if (previous != null && Objects.equals(previous.shown(), shown)) {
                repeats.merge(lift, 1, Integer::sum);
            } else {
                changes.add(inbound);
            }
            previous = new Latest(boot, seq, shown);
        }
        return new Selection(changes, repeats);
    }
}
