package io.liftwatch.ingest;

import io.liftwatch.common.wire.Envelope;
import io.liftwatch.common.wire.StatusReport;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes status rows that cannot be in the table yet ({@link StatusChanges.Selection#fresh()}) by COPY in
 * PostgreSQL's binary format: no duplicate check, no expressions, no text to parse, about half the database's
 * work of {@link IngestSql#INSERT_STATUS} per row. The words are written as their {@code status_word} codes,
 * read once; a row with a word the table does not know is left to {@code INSERT_STATUS}, which refuses it.
 */
final class StatusCopy {
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    /** 2000-01-01T00:00:00Z, where PostgreSQL's binary timestamps count from. */
    private static final long PG_EPOCH_MS = 946_684_800_000L;
    private static final short COLUMNS = 17;

    /** Codes by kind and word, read from {@code status_word} on first use (they are fixed by migrations). */
    private volatile Map<String, Map<String, Byte>> codes;

    /** The rows to copy, with anything else left in {@code rest}; returns the rows copied. */
    long copy(Connection connection, List<Inbound> fresh, List<Inbound> rest) throws SQLException {
        Map<String, Map<String, Byte>> known = codes(connection);
        Map<String, Byte> modes = known.getOrDefault("mode", Map.of());
        Map<String, Byte> directions = known.getOrDefault("direction", Map.of());
        Map<String, Byte> powers = known.getOrDefault("power", Map.of());
        Rows out = new Rows(64 + fresh.size() * 128);
        out.buffer.put(SIGNATURE).putInt(0).putInt(0); // no flags, no header extension
        int rows = 0;
        for (Inbound inbound : fresh) {
            StatusReport s = (StatusReport) inbound.message();
            Byte mode = modes.get(s.mode().wireName());
            Byte direction = directions.get(s.direction());
            Byte power = powers.get(s.power());
            if (mode == null || direction == null || power == null) {
                rest.add(inbound);
                continue;
            }
            writeRow(out, inbound, s, mode, direction, power);
            rows++;
        }
        if (rows == 0) {
            return 0;
        }
        out.room(2).putShort((short) -1);
        CopyIn in = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(IngestSql.COPY_STATUS);
        try {
            in.writeToCopy(out.buffer.array(), 0, out.buffer.position());
            return in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
    }

    /** One row in the column order of {@link IngestSql#COPY_STATUS}: a field is its length, then its bytes. */
    private static void writeRow(Rows out, Inbound inbound, StatusReport s, byte mode, byte direction, byte power) {
        Envelope e = s.envelope();
        byte[] lift = e.liftId().getBytes(StandardCharsets.UTF_8);
        byte[] floor = s.floor().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = out.room(2 + 17 * 4 + 4 * 8 + 4 + 2 + 9 + lift.length + floor.length);
        b.putShort(COLUMNS);
        b.putInt(lift.length).put(lift);
        b.putInt(8).putLong(micros(e.deviceTime()));
        b.putInt(8).putLong(e.boot());
        b.putInt(8).putLong(e.seq());
        b.putInt(8).putLong(micros(inbound.receivedAt()));
        if (s.speed() == null) {
            b.putInt(-1);
        } else {
            b.putInt(4).putFloat(s.speed().floatValue());
        }
        if (s.loadPercent() == null) {
            b.putInt(-1);
        } else {
            b.putInt(2).putShort(s.loadPercent().shortValue());
        }
        flag(b, s.moving());
        flag(b, s.doorZone());
        flag(b, s.doorLocked());
        flag(b, s.passenger());
        flag(b, s.upLimit());
        flag(b, s.downLimit());
        b.putInt(1).put(mode);
        b.putInt(1).put(direction);
        b.putInt(1).put(power);
        b.putInt(floor.length).put(floor);
    }

    private static void flag(ByteBuffer b, boolean value) {
        b.putInt(1).put((byte) (value ? 1 : 0));
    }

    /** Epoch milliseconds as microseconds since 2000-01-01, as {@code to_timestamp(ms::float8 / 1000)} stores them. */
    private static long micros(long epochMillis) {
        return (epochMillis - PG_EPOCH_MS) * 1000;
    }

    /** The copy's bytes, in a buffer that grows as rows are added. */
    private static final class Rows {
        ByteBuffer buffer;

        Rows(int capacity) {
            buffer = ByteBuffer.allocate(capacity);
        }

        ByteBuffer room(int bytes) {
            if (buffer.remaining() < bytes) {
                ByteBuffer larger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + bytes));
                buffer.flip();
                buffer = larger.put(buffer);
            }
            return buffer;
        }
    }

    private Map<String, Map<String, Byte>> codes(Connection connection) throws SQLException {
        Map<String, Map<String, Byte>> known = codes;
        if (known == null) {
            known = new HashMap<>();
            try (PreparedStatement read = connection.prepareStatement(IngestSql.STATUS_WORDS);
                 ResultSet rows = read.executeQuery()) {
                while (rows.next()) {
                    known.computeIfAbsent(rows.getString("kind"), k -> new HashMap<>())
                            .put(rows.getString("word"), rows.getString("code").getBytes(StandardCharsets.US_ASCII)[0]);
                }
            }
            codes = known;
        }
        return known;
    }
}
