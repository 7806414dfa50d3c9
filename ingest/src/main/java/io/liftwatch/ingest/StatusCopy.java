package io.liftwatch.ingest;

import io.liftwatch.common.wire.Envelope;
import io.liftwatch.common.wire.StatusReport;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + fresh.size() * 140);
        DataOutputStream out = new DataOutputStream(bytes);
        int rows = 0;
        try {
            out.write(SIGNATURE);
            out.writeInt(0); // flags
            out.writeInt(0); // header extension
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
            out.writeShort(-1);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array stream does not fail
        }
        if (rows == 0) {
            return 0;
        }
        CopyIn in = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(IngestSql.COPY_STATUS);
        try {
            in.writeToCopy(bytes.toByteArray(), 0, bytes.size());
            return in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
    }

    /** One row in the column order of {@link IngestSql#COPY_STATUS}. */
    private static void writeRow(DataOutputStream out, Inbound inbound, StatusReport s, byte mode, byte direction,
                                 byte power) throws IOException {
        Envelope e = s.envelope();
        out.writeShort(COLUMNS);
        text(out, e.liftId());
        timestamp(out, e.deviceTime());
        int8(out, e.boot());
        int8(out, e.seq());
        timestamp(out, inbound.receivedAt());
        if (s.speed() == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(4);
            out.writeFloat(s.speed().floatValue());
        }
        if (s.loadPercent() == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(2);
            out.writeShort(s.loadPercent());
        }
        bool(out, s.moving());
        bool(out, s.doorZone());
        bool(out, s.doorLocked());
        bool(out, s.passenger());
        bool(out, s.upLimit());
        bool(out, s.downLimit());
        oneByte(out, mode);
        oneByte(out, direction);
        oneByte(out, power);
        text(out, s.floor());
    }

    private static void text(DataOutputStream out, String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    /** Epoch milliseconds as microseconds since 2000-01-01, as {@code to_timestamp(ms::float8 / 1000)} stores them. */
    private static void timestamp(DataOutputStream out, long epochMillis) throws IOException {
        int8(out, (epochMillis - PG_EPOCH_MS) * 1000);
    }

    private static void int8(DataOutputStream out, long value) throws IOException {
        out.writeInt(8);
        out.writeLong(value);
    }

    private static void bool(DataOutputStream out, boolean value) throws IOException {
        oneByte(out, value ? 1 : 0);
    }

    private static void oneByte(DataOutputStream out, int value) throws IOException {
        out.writeInt(1);
        out.writeByte(value);
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
