package io.liftwatch.demo;

import io.liftwatch.common.registry.Lift;
import io.liftwatch.common.registry.Registry;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What happened in the seeded district, decided before anything is written: each lift's maintenance
 * visits (half-monthly, a higher tier whenever its calendar is near), its periodic inspections, the two
 * entrapments, and which lift or flat carries each story. Deterministic for a fleet and a day.
 */
final class HistoryPlan {
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    /** Telemetry is loaded for this many days; records (visits, inspections) reach back a year and more. */
    static final int TELEMETRY_DAYS = 60;
    /** The lift (by its place in the fleet) of the late rescue; its maintenance company is the demo's (--as maintenance). */
    static final int LATE_RESCUE = 7;
    private static final int RECORD_DAYS = 400;

    record Visit(String liftId, String tier, Instant startedAt, Instant endedAt, boolean confirmed,
                 boolean inspectionMode, boolean late) {
        /** The inspection-mode period the lift reported: from a few minutes after arrival to before leaving. */
        Instant modeFrom() {
            return startedAt.plus(Duration.ofMinutes(3));
        }

        Instant modeTo() {
            return endedAt.minus(Duration.ofMinutes(4));
        }
    }

    record Inspection(String liftId, LocalDate inspectedOn, LocalDate nextDue, String certificate) {
    }

    record Entrapment(String liftId, Instant raisedAt, Duration toArrive, Duration toRelease, String floor,
                      String technician) {
        Instant arrivedAt() {
            return raisedAt.plus(toArrive);
        }

        Instant releasedAt() {
            return raisedAt.plus(toRelease);
        }
    }

    /** Which lift, stairwell or flat to open for each story. */
    record Stories(String quickRescueLift, String lateRescueLift, String overdueInspectionLift,
                   String dueSoonInspectionLift, String visitWithoutInspectionModeLift, List<String> lateVisitLifts,
                   List<String> billedStairwells, String soldHousehold, String rentedHousehold,
                   String arrearsHousehold) {
    }

    final Instant now;
    final LocalDate today;
    final Instant telemetryFrom;
    final List<Visit> visits = new ArrayList<>();
    final List<Inspection> inspections = new ArrayList<>();
    final List<Entrapment> entrapments = new ArrayList<>();
    final Stories stories;

    HistoryPlan(Registry fleet, Instant now) {
        this.now = now;
        this.today = now.atZone(ZONE).toLocalDate();
        this.telemetryFrom = today.minusDays(TELEMETRY_DAYS).atStartOfDay(ZONE).toInstant();
        List<Lift> lifts = fleet.lifts();
        int n = lifts.size();
        if (n < 4) {
            throw new IllegalArgumentException("the demo's history needs at least 4 lifts, got " + n);
        }
        List<String> lateVisits = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (i % 16 == 5) {
                lateVisits.add(lifts.get(i).id());
            }
        }
        // The flats' stories share the first stairwell, which the demo's property account (--as property) manages.
        String sold = lifts.get(0).stairwellId() + "-501";
        String rented = lifts.get(0).stairwellId() + "-402";
        String arrears = lifts.get(0).stairwellId() + "-602";
        stories = new Stories(lifts.get(3).id(), lifts.get(LATE_RESCUE % n).id(), lifts.get(11 % n).id(),
                lifts.get(16 % n).id(), lifts.get(22 % n).id(), List.copyOf(lateVisits),
                List.of(lifts.get(0).stairwellId(), lifts.get(1).stairwellId(), lifts.get(2).stairwellId(),
                        lifts.get(3).stairwellId()), sold, rented, arrears);
        for (int i = 0; i < n; i++) {
            planVisits(lifts.get(i), i);
            planInspections(lifts.get(i), i);
        }
        // One rescue well within the limit, one late; both inside the last 30 days' window of compliance for
        // the late one, and weeks ago for the quick one.
        entrapments.add(new Entrapment(stories.quickRescueLift(), at(today.minusDays(37), 8, 47),
                Duration.ofMinutes(18), Duration.ofMinutes(26), "4", "Zhou Jian"));
        entrapments.add(new Entrapment(stories.lateRescueLift(), at(today.minusDays(12), 19, 12),
                Duration.ofMinutes(41), Duration.ofMinutes(52), "5", "Sun Wei"));
    }

    /**
     * Every 15 days back from a recent visit; the lifts of the late-visit story once waited 19 days. Tiers
     * are chosen oldest first: a yearly, half-yearly or quarterly visit whenever that calendar is near due,
     * so no tier is ever overdue, as in a company that keeps its plan.
     */
    private void planVisits(Lift lift, int index) {
        List<LocalDate> days = new ArrayList<>();
        LocalDate day = today.minusDays(1 + (index * 7L) % 12);
        boolean late = stories.lateVisitLifts().contains(lift.id());
        int k = 0;
        while (!day.isBefore(today.minusDays(RECORD_DAYS))) {
            days.add(day);
            day = day.minusDays(late && k == 2 ? 19 : 15);
            k++;
        }
        Collections.reverse(days);
        LocalDate yearly = null;
        LocalDate halfYearly = null;
        LocalDate quarterly = null;
        for (int v = 0; v < days.size(); v++) {
            LocalDate on = days.get(v);
            String tier;
            if (yearly == null || on.toEpochDay() - yearly.toEpochDay() >= 340) {
                tier = "yearly";
                yearly = halfYearly = quarterly = on;
            } else if (on.toEpochDay() - halfYearly.toEpochDay() >= 160) {
                tier = "half_yearly";
                halfYearly = quarterly = on;
            } else if (on.toEpochDay() - quarterly.toEpochDay() >= 72) {
                tier = "quarterly";
                quarterly = on;
            } else {
                tier = "half_monthly";
            }
            Instant start = at(on, 9 + index % 6, (index * 13) % 50);
            long minutes = switch (tier) {
                case "yearly" -> 150;
                case "half_yearly" -> 110;
                case "quarterly" -> 85;
                default -> 50 + (index + v) % 20;
            };
            boolean newest = v == days.size() - 1;
            boolean lateOne = late && v == days.size() - 3;
            // The story of a visit the lift never saw: its newest record, within compliance's 30 days.
            boolean unseen = newest && lift.id().equals(stories.visitWithoutInspectionModeLift());
            // Safety managers confirm within days; the newest visit of some lifts waits for it.
            boolean confirmed = !(newest && index % 5 == 2);
            visits.add(new Visit(lift.id(), tier, start, start.plus(Duration.ofMinutes(minutes)), confirmed, !unseen,
                    lateOne));
        }
    }

    /** The latest certificate and the one before, a year apart; two lifts carry the due-soon and overdue stories. */
    private void planInspections(Lift lift, int index) {
        LocalDate last;
        if (lift.id().equals(stories.overdueInspectionLift())) {
            last = today.minusYears(1).minusDays(16);
        } else if (lift.id().equals(stories.dueSoonInspectionLift())) {
            last = today.minusYears(1).plusDays(21);
        } else {
            last = today.minusDays(35 + (index * 11L) % 290);
        }
        for (LocalDate on : List.of(last.minusYears(1), last)) {
            if (lift.serviceStart() == null || on.isAfter(lift.serviceStart())) {
                inspections.add(new Inspection(lift.id(), on, on.plusYears(1),
                        String.format("TS-%s-%d-%04d", lift.id().substring(4, 10), on.getYear(), 100 + index)));
            }
        }
    }

    /** Visits and entrapments by lift, for the telemetry that must agree with them. */
    Map<String, List<Visit>> visitsInTelemetry() {
        Map<String, List<Visit>> byLift = new HashMap<>();
        for (Visit visit : visits) {
            if (visit.inspectionMode() && !visit.startedAt().isBefore(telemetryFrom)) {
                byLift.computeIfAbsent(visit.liftId(), k -> new ArrayList<>()).add(visit);
            }
        }
        return byLift;
    }

    static Instant at(LocalDate day, int hour, int minute) {
        return day.atTime(hour, minute).atZone(ZONE).toInstant();
    }
}
