package io.liftwatch.ingest;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * A lift's presence: spans from a message it sent to the last one before it fell silent for longer than
 * {@link #GAP_MS} or before its Last Will. The span in progress lives in {@code lift_state}; a span that
 * ends is written to {@code lift_presence} (V39). Online time is the sum of the spans: heartbeats need no
 * rows of their own to count.
 * <p>
 * A span that reaches into a new day in China Standard Time (the rollups' days) ends its part at midnight and
 * goes on from there. An ended span marks every hour it covers for the rollups, so a lift online for months
 * would otherwise have months of hours marked, inside ingest's transaction, when it first falls silent.
 */
final class Presence {
    /** Silence longer than this ends a span: three missed heartbeats, as the alerts' offline rule by default. */
    static final long GAP_MS = 180_000;

    private static final ZoneId ROLLUP_ZONE = ZoneId.of("Asia/Shanghai");

    /** A span of arrival times, epoch milliseconds: both ends heard, or a midnight where a day cut the span. */
    record Span(long since, long until) {
    }

    private Span current;
    /** The end of the day that holds the current span's start: the span ends its part there. */
    private long currentDayEnd;
    private boolean open;
    private final List<Span> ended = new ArrayList<>();

    /** Continues from the stored span ({@code null} when the lift was never heard). */
    Presence(Span stored, boolean open) {
        start(stored);
        this.open = stored != null && open;
    }

    /** The lift sent a message that arrived at {@code at}. */
    void heard(long at) {
        if (open && at - current.until() <= GAP_MS) {
            long until = Math.max(current.until(), at);
            if (until < currentDayEnd) {
                current = new Span(current.since(), until);
            } else {
                long midnight = dayStart(until);
                ended.add(new Span(current.since(), midnight));
                start(new Span(midnight, until));
            }
            return;
        }
        if (open) {
            ended.add(current);
        }
        start(new Span(at, at));
        open = true;
    }

    private void start(Span span) {
        current = span;
        currentDayEnd = span == null ? Long.MAX_VALUE : startOf(day(span.since()).plusDays(1));
    }

    /** The broker published the lift's Last Will (or the lift said it goes offline): the span ends at its last message. */
    void lastWill() {
        if (open) {
            ended.add(current);
            open = false;
        }
    }

    /** The start of the day in China Standard Time that holds {@code at}, epoch milliseconds. */
    static long dayStart(long at) {
        return startOf(day(at));
    }

    private static LocalDate day(long at) {
        return Instant.ofEpochMilli(at).atZone(ROLLUP_ZONE).toLocalDate();
    }

    private static long startOf(LocalDate day) {
        return day.atStartOfDay(ROLLUP_ZONE).toInstant().toEpochMilli();
    }

    /** Spans that ended, oldest first. */
    List<Span> ended() {
        return ended;
    }

    /** The latest span, in progress when {@link #open()}; null when the lift was never heard. */
    Span current() {
        return current;
    }

    boolean open() {
        return open;
    }
}
