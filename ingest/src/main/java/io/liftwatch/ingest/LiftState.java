package io.liftwatch.ingest;

import io.liftwatch.common.wire.ConnectionReport;
import io.liftwatch.common.wire.LiftMessage;
import io.liftwatch.common.wire.StatusReport;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The newest status, newest connection report, arrivals and latest arrival of one lift within a batch: the
 * batch's contribution to {@code lift_state}, one row per lift, and the presence spans it ends.
 */
final class LiftState {
    private final String liftId;
    private StatusReport status;
    private ConnectionReport connection;
    private long lastSeen = Long.MIN_VALUE;
    private long skewAtLastSeen;
    private long firstSeen = Long.MAX_VALUE;
    /** Arrival time and whether it was a Last Will, per accepted message. */
    private final List<long[]> arrivals = new ArrayList<>();
    private int repeats;
    private Presence presence;

    LiftState(String liftId) {
        this.liftId = liftId;
    }

    String liftId() {
        return liftId;
    }

    void add(Inbound inbound) {
        LiftMessage message = inbound.message();
        if (message instanceof StatusReport s && (status == null || isNewer(s, status))) {
            status = s;
        } else if (message instanceof ConnectionReport c && (connection == null || isNewer(c, connection))) {
            connection = c;
        }
        if (inbound.receivedAt() >= lastSeen) {
            lastSeen = inbound.receivedAt();
            skewAtLastSeen = inbound.receivedAt() - message.envelope().deviceTime();
        }
        boolean will = message instanceof ConnectionReport c && !c.online();
        if (!will) {
            firstSeen = Math.min(firstSeen, inbound.receivedAt());
        }
        arrivals.add(new long[]{inbound.receivedAt(), will ? 1 : 0});
    }

    private static boolean isNewer(LiftMessage candidate, LiftMessage current) {
        return candidate.envelope().isAfter(current.envelope().boot(), current.envelope().seq());
    }

    /** Status reports of this batch that repeated their predecessor and were not stored. */
    void repeats(int count) {
        repeats = count;
    }

    /**
     * Continues the lift's stored presence span with this batch's arrivals, in arrival order; returns the
     * spans that ended. Computed afresh on every call, so a retried transaction starts again from what it reads.
     */
    List<Presence.Span> settle(Presence.Span stored, boolean open) {
        presence = new Presence(stored, open);
        arrivals.stream().sorted(Comparator.comparingLong((long[] a) -> a[0]).thenComparingLong(a -> a[1]))
                .forEach(a -> {
                    if (a[1] == 1) {
                        presence.lastWill();
                    } else {
                        presence.heard(a[0]);
                    }
                });
        return presence.ended();
    }

    /** The SQL type of each value of {@link #row()}, in order: the columns of {@code IngestSql.UPSERT_LIFT_STATE}. */
    static final String[] COLUMN_TYPES = {"text", "int8", "int8", "int8", "text", "bool", "text", "text", "bool",
            "bool", "bool", "text", "int2", "int8", "int8", "int8", "bool", "text", "int8", "int8",
            "bool", "bool", "float4", "int8", "int8", "int8", "int8", "bool"};

    /** The row for {@code IngestSql.UPSERT_LIFT_STATE}; absent parts are nulls. */
    Object[] row() {
        Object[] row = new Object[COLUMN_TYPES.length];
        row[0] = liftId;
        if (status != null) {
            StatusChanges.Shown shown = StatusChanges.Shown.of(status);
            row[1] = status.envelope().boot();
            row[2] = status.envelope().seq();
            row[3] = status.envelope().deviceTime();
            row[4] = shown.mode();
            row[5] = shown.moving();
            row[6] = shown.direction();
            row[7] = shown.floor();
            row[8] = shown.doorZone();
            row[9] = shown.doorLocked();
            row[10] = shown.passenger();
            row[11] = shown.power();
            row[12] = shown.loadPct();
            row[20] = shown.upLimit();
            row[21] = shown.downLimit();
            row[22] = shown.speed();
        }
        if (connection != null) {
            row[13] = connection.envelope().boot();
            row[14] = connection.envelope().seq();
            row[15] = connection.envelope().deviceTime();
            row[16] = connection.online();
            row[17] = connection.firmware();
        }
        row[18] = lastSeen;
        row[19] = skewAtLastSeen;
        row[23] = (long) repeats;
        row[24] = firstSeen == Long.MAX_VALUE ? null : firstSeen;
        if (presence != null && presence.current() != null) {
            row[25] = presence.current().since();
            row[26] = presence.current().until();
            row[27] = presence.open();
        }
        return row;
    }
}
