package io.liftwatch.api.billing;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a cost item over the statement periods it overlaps, by days, so that its parts always add up to
 * the item exactly, whatever the periods. The amount is spread evenly over the item's days; the amount
 * "due by day d" is the exact {@code fen × d / days} rounded half up to the fen; the part of a period is
 * what is due by its last day less what was due before its first. The parts telescope to the whole amount,
 * each lies within one fen of its exact share, and the same inputs always give the same parts.
 */
public final class Proration {

    /** A range of days [from, to). */
    public record Days(LocalDate from, LocalDate to) {
        public long count() {
            return ChronoUnit.DAYS.between(from, to);
        }
    }

    private Proration() {
    }

    /** The days of the item [itemFrom, itemTo) that fall in [from, to), or null if none. */
    public static Days overlap(LocalDate itemFrom, LocalDate itemTo, LocalDate from, LocalDate to) {
        LocalDate start = itemFrom.isAfter(from) ? itemFrom : from;
        LocalDate end = itemTo.isBefore(to) ? itemTo : to;
        return end.isAfter(start) ? new Days(start, end) : null;
    }

    /**
     * The part of {@code fen}, spread over [itemFrom, itemTo), that falls in [from, to).
     *
     * @throws ArithmeticException if the amount is too large to prorate exactly in fen
     */
    public static long part(long fen, LocalDate itemFrom, LocalDate itemTo, LocalDate from, LocalDate to) {
        Days overlap = overlap(itemFrom, itemTo, from, to);
        if (overlap == null) {
            return 0;
        }
        long days = ChronoUnit.DAYS.between(itemFrom, itemTo);
        return dueBy(fen, ChronoUnit.DAYS.between(itemFrom, overlap.to()), days)
                - dueBy(fen, ChronoUnit.DAYS.between(itemFrom, overlap.from()), days);
    }

    /** {@code fen × elapsed / days} rounded half up, in exact integer arithmetic. */
    private static long dueBy(long fen, long elapsed, long days) {
        long twice = Math.multiplyExact(Math.multiplyExact(fen, elapsed), 2L);
        return Math.floorDiv(Math.addExact(twice, days), 2 * days);
    }

    /** The days of [from, to) that none of the given ranges covers, in order. */
    public static List<Days> uncovered(LocalDate from, LocalDate to, List<Days> covered) {
        List<Days> sorted = new ArrayList<>(covered);
        sorted.sort((a, b) -> a.from().compareTo(b.from()));
        List<Days> gaps = new ArrayList<>();
        LocalDate next = from;
        for (Days range : sorted) {
            if (!range.to().isAfter(next)) {
                continue;
            }
            if (range.from().isAfter(next)) {
                LocalDate end = range.from().isBefore(to) ? range.from() : to;
                if (end.isAfter(next)) {
                    gaps.add(new Days(next, end));
                }
            }
            next = range.to();
            if (!next.isBefore(to)) {
                return gaps;
            }
        }
        if (next.isBefore(to)) {
            gaps.add(new Days(next, to));
        }
        return gaps;
    }
}
