package io.liftwatch.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * A lift's presence: spans from a message it sent to the last one before it fell silent for longer than
 * {@link #GAP_MS} or before its Last Will. The span in progress lives in {@code lift_state}; a span that
 * ends is written to {@code lift_presence} (V39). Online time is the sum of the spans: heartbeats need no
 * rows of their own to count.
 */
final class Presence {
    /** Silence longer than this ends a span: three missed heartbeats, as the alerts' offline rule by default. */
    static final long GAP_MS = 180_000;

    /** A span of arrival times, epoch milliseconds, both ends heard. */
    record Span(long since, long until) {
    }

    private Span current;
    private boolean open;
    private final List<Span> ended = new ArrayList<>();

    /** Continues from the stored span ({@code null} when the lift was never heard). */
    Presence(Span stored, boolean open) {
        this.current = stored;
        this.open = stored != null && open;
    }

    /** The lift sent a message that arrived at {@code at}. */
    void heard(long at) {
        if (open && at - current.until() <= GAP_MS) {
            current = new Span(current.since(), Math.max(current.until(), at));
            return;
        }
        if (open) {
            ended.add(current);
        }
        current = new Span(at, at);
        open = true;
    }

    /** The broker published the lift's Last Will (or the lift said it goes offline): the span ends at its last message. */
    void lastWill() {
        if (open) {
            ended.add(current);
            open = false;
        }
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
