package io.liftwatch.ingest;

import io.liftwatch.common.wire.ConnectionReport;
import io.liftwatch.common.wire.LiftMessage;
import io.liftwatch.common.wire.StatusReport;

/**
 * The newest status, newest connection report and latest arrival of one lift within a batch: the
 * batch's contribution to {@code lift_state}, one row per lift.
 */
final class LiftState {
    private final String liftId;
    private StatusReport status;
    private ConnectionReport connection;
    private long lastSeen = Long.MIN_VALUE;
    private long skewAtLastSeen;

    LiftState(String liftId) {
        this.liftId = liftId;
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
    }

    private static boolean isNewer(LiftMessage candidate, LiftMessage current) {
        return candidate.envelope().isAfter(current.envelope().boot(), current.envelope().seq());
    }

    /** The columns of {@code IngestSql.UPSERT_LIFT_STATE}, in order; absent parts are nulls. */
    /** The SQL type of each value of {@link #row()}, in order. */
    static final String[] COLUMN_TYPES = {"text", "int8", "int8", "int8", "text", "bool", "text", "text", "bool",
            "bool", "bool", "text", "int2", "int8", "int8", "int8", "bool", "text", "int8", "int8"};

    Object[] row() {
        Object[] row = new Object[COLUMN_TYPES.length];
        row[0] = liftId;
        if (status != null) {
            row[1] = status.envelope().boot();
            row[2] = status.envelope().seq();
            row[3] = status.envelope().deviceTime();
            row[4] = status.mode().wireName();
            row[5] = status.moving();
            row[6] = status.direction();
            row[7] = status.floor();
            row[8] = status.doorZone();
            row[9] = status.doorLocked();
            row[10] = status.passenger();
            row[11] = status.power();
            row[12] = status.loadPercent() == null ? null : status.loadPercent().shortValue();
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
        return row;
    }
}
