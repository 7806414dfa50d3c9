package io.liftwatch.api.billing;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The parties responsible for one flat over time. Periods are [from, to) in days; they must follow one
 * another exactly — each ends the day the next begins — and only the last may be open-ended, so any
 * billing period the timeline reaches is covered once, with no gap and no overlap.
 */
public final class Responsibility {

    /** @param to exclusive; null for open-ended */
    public record Period(String party, String contact, LocalDate from, LocalDate to) {
        public Period {
            if (to != null && !to.isAfter(from)) {
                throw new IllegalArgumentException("the period of " + party + " ends (" + to + ") before it begins ("
                        + from + ")");
            }
        }
    }

    /** A party's days [from, to) within a billing period. */
    public record Days(String party, String contact, LocalDate from, LocalDate to) {
        public long days() {
            return ChronoUnit.DAYS.between(from, to);
        }
    }

    private Responsibility() {
    }

    /** Checks a timeline given in order; throws naming the first two periods that leave a gap or overlap. */
    public static List<Period> check(List<Period> timeline) {
        if (timeline.isEmpty()) {
            throw new IllegalArgumentException("a flat needs at least one responsible party");
        }
        for (int i = 0; i + 1 < timeline.size(); i++) {
            Period current = timeline.get(i);
            Period next = timeline.get(i + 1);
            if (current.to() == null) {
                throw new IllegalArgumentException("only the last period may be open-ended, but " + current.party()
                        + "'s from " + current.from() + " is followed by " + next.party() + "'s");
            }
            if (current.to().isBefore(next.from())) {
                throw new IllegalArgumentException("gap from " + current.to() + " to " + next.from() + " between "
                        + current.party() + " and " + next.party());
            }
            if (current.to().isAfter(next.from())) {
                throw new IllegalArgumentException("overlap from " + next.from() + " to " + current.to() + " between "
                        + current.party() + " and " + next.party());
            }
        }
        return List.copyOf(timeline);
    }

    /**
     * Each party's days within [from, to); throws if the timeline does not cover the whole period, since
     * a share nobody is responsible for cannot be billed.
     */
    public static List<Days> daysWithin(List<Period> timeline, LocalDate from, LocalDate to) {
        List<Days> days = new ArrayList<>();
        LocalDate covered = from;
        for (Period period : check(timeline)) {
            LocalDate start = period.from().isAfter(from) ? period.from() : from;
            LocalDate end = period.to() == null || period.to().isAfter(to) ? to : period.to();
            if (!end.isAfter(start)) {
                continue;
            }
            if (start.isAfter(covered)) {
                throw new IllegalArgumentException("nobody is responsible from " + covered + " to " + start);
            }
            days.add(new Days(period.party(), period.contact(), start, end));
            covered = end;
        }
        if (covered.isBefore(to)) {
            throw new IllegalArgumentException("nobody is responsible from " + covered + " to " + to);
        }
        return days;
    }
}
