package io.liftwatch.common.audit;

import io.liftwatch.common.db.JsonColumns;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Tamper evidence for the records regulators rely on. When a maintenance visit, an inspection or a
 * finished rescue is written, the record as stored (canonical JSON of its columns) is appended to its
 * lift's chain with SHA-256(previous hash + record). {@link #verify} recomputes every link and compares
 * every record with its row as it is now, so a row altered or removed behind the application's back,
 * or a link forged, is reported by name.
 */
public final class AuditChain {
    private static final String GENESIS = "genesis";

    /** The kinds of record chained, each read by a fixed column list so its JSON is always the same. */
    public enum Kind {
        MAINTENANCE_VISIT("maintenance_visit", """
                SELECT id, lift_id, tier, started_at, ended_at, items, findings, technicians, confirmed_by,
                       inspection_mode_from, inspection_mode_to, corrects, recorded_by, recorded_at
                FROM maintenance_visit WHERE id = ?"""),
        INSPECTION("inspection", """
                SELECT id, lift_id, inspected_on, body, result, certificate, next_due, corrects, recorded_by, recorded_at
                FROM inspection WHERE id = ?"""),
        RESCUE("rescue", """
                SELECT alarm_id AS id, lift_id, raised_at, acknowledged_at, escalated_at, arrived_at, arrived_by,
                       released_at, arrival_breached_at, cause
                FROM rescue WHERE alarm_id = ?""");

        private final String code;
        private final String select;

        Kind(String code, String select) {
            this.code = code;
            this.select = select;
        }

        public String code() {
            return code;
        }

        static Kind of(String code) {
            for (Kind kind : values()) {
                if (kind.code.equals(code)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown audit record kind " + code);
        }
    }

    /** A link that does not hold: which record, and what is wrong with it. */
    public record Break(String liftId, long seq, String kind, long recordId, String problem) {
        public JsonObject toJson() {
            return new JsonObject().put("liftId", liftId).put("seq", seq).put("kind", kind).put("recordId", recordId)
                    .put("problem", problem);
        }
    }

    /** What a verification found. */
    public record Report(long recordsChecked, List<Break> breaks) {
        public boolean intact() {
            return breaks.isEmpty();
        }
    }

    private AuditChain() {
    }

    /** Appends the record, as now stored, to its lift's chain; call in the transaction that wrote it. */
    public static void append(Connection connection, Kind kind, long recordId) throws SQLException {
        String record = canonical(connection, kind, recordId);
        if (record == null) {
            throw new IllegalStateException(kind.code + " " + recordId + " does not exist");
        }
        String lift = new JsonObject(record).getString("liftId");
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtext('audit:' || ?))")) {
            lock.setString(1, lift);
            lock.execute();
        }
        long seq = 1;
        String previous = GENESIS;
        try (PreparedStatement last = connection.prepareStatement(
                "SELECT seq, hash FROM audit_chain WHERE lift_id = ? ORDER BY seq DESC LIMIT 1")) {
            last.setString(1, lift);
            try (ResultSet row = last.executeQuery()) {
                if (row.next()) {
                    seq = row.getLong(1) + 1;
                    previous = row.getString(2);
                }
            }
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO audit_chain (lift_id, seq, kind, record_id, record, prev_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
            insert.setString(1, lift);
            insert.setLong(2, seq);
            insert.setString(3, kind.code);
            insert.setLong(4, recordId);
            insert.setString(5, record);
            insert.setString(6, previous);
            insert.setString(7, hash(previous, record));
            insert.executeUpdate();
        }
    }

    /** Checks every link of one lift's chain, or of every lift's when {@code liftId} is null. */
    public static Report verify(Connection connection, String liftId) throws SQLException {
        List<Break> breaks = new ArrayList<>();
        long checked = 0;
        String sql = "SELECT lift_id, seq, kind, record_id, record, prev_hash, hash FROM audit_chain"
                + (liftId == null ? "" : " WHERE lift_id = ?") + " ORDER BY lift_id, seq";
        try (PreparedStatement chain = connection.prepareStatement(sql)) {
            if (liftId != null) {
                chain.setString(1, liftId);
            }
            String lift = null;
            String previous = GENESIS;
            long expectedSeq = 1;
            try (ResultSet link = chain.executeQuery()) {
                while (link.next()) {
                    checked++;
                    String linkLift = link.getString(1);
                    if (!linkLift.equals(lift)) {
                        lift = linkLift;
                        previous = GENESIS;
                        expectedSeq = 1;
                    }
                    long seq = link.getLong(2);
                    String kind = link.getString(3);
                    long recordId = link.getLong(4);
                    String record = link.getString(5);
                    String problem = null;
                    if (seq != expectedSeq) {
                        problem = "link " + expectedSeq + " is missing before this one";
                    } else if (!link.getString(6).equals(previous)) {
                        problem = "does not follow the previous link's hash";
                    } else if (!hash(previous, record).equals(link.getString(7))) {
                        problem = "its hash does not match the record it holds";
                    } else {
                        String now = canonical(connection, Kind.of(kind), recordId);
                        if (now == null) {
                            problem = "the record was removed";
                        } else if (!now.equals(record)) {
                            problem = "the record was altered after it was chained: now " + now;
                        }
                    }
                    if (problem != null) {
                        breaks.add(new Break(linkLift, seq, kind, recordId, problem));
                    }
                    previous = link.getString(7);
                    expectedSeq = seq + 1;
                }
            }
        }
        return new Report(checked, List.copyOf(breaks));
    }

    /** The record's columns as JSON, in a fixed order and form; null if there is no such record. */
    static String canonical(Connection connection, Kind kind, long recordId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(kind.select)) {
            select.setLong(1, recordId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                ResultSetMetaData meta = row.getMetaData();
                JsonObject json = new JsonObject();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    json.put(JsonColumns.camel(meta.getColumnLabel(i)), JsonColumns.value(row.getObject(i)));
                }
                return json.encode();
            }
        }
    }

    static String hash(String previous, String record) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(previous.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
            return HexFormat.of().formatHex(sha.digest(record.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
