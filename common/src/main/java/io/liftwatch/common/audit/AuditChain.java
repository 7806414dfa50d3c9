package io.liftwatch.common.audit;

import io.liftwatch.common.db.JsonColumns;
import io.liftwatch.common.hash.Sha256;
import io.liftwatch.common.taxonomy.Codes;
import io.vertx.core.json.JsonObject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tamper evidence for the records regulators rely on. When a maintenance visit, an inspection or a
 * finished rescue is written, the record as stored (canonical JSON of its columns) is appended to its
 * lift's chain with SHA-256(previous hash + record). {@link #verify} recomputes every link and compares
 * every record with its row as it is now, so a row altered or removed behind the application's back,
 * or a link forged, is reported by name; a record without a link is reported too. What a database
 * administrator could still do unseen (cut the tail off, or rewrite and rehash every link) is caught
 * against signed checkpoints of the chain's heads kept outside the database ({@link AuditCheckpoint}).
 */
public final class AuditChain {
    private static final String GENESIS = "genesis";
    /** The kind of a break found against a checkpoint; its record id is the checkpoint's sequence. */
    public static final String CHECKPOINT = "checkpoint";

    /** The kinds of record chained, each read by a fixed column list so its JSON is always the same. */
    public enum Kind {
        MAINTENANCE_VISIT("maintenance_visit", """
                SELECT id, lift_id, tier, started_at, ended_at, items, findings, technicians, confirmed_by,
                       inspection_mode_from, inspection_mode_to, corrects, recorded_by, recorded_at
                FROM maintenance_visit WHERE id = ?""", "maintenance_visit r WHERE true"),
        INSPECTION("inspection", """
                SELECT id, lift_id, inspected_on, body, result, certificate, next_due, corrects, recorded_by, recorded_at
                FROM inspection WHERE id = ?""", "inspection r WHERE true"),
        VISIT_CONFIRMATION("visit_confirmation", """
                SELECT id, lift_id, visit_id, confirmed_by, note, confirmed_at
                FROM maintenance_visit_confirmation WHERE id = ?""", "maintenance_visit_confirmation r WHERE true"),
        RESCUE("rescue", """
                SELECT alarm_id AS id, lift_id, raised_at, acknowledged_at, escalated_at, arrived_at, arrived_by,
                       released_at, arrival_breached_at, cause
                FROM rescue WHERE alarm_id = ?""", "rescue r WHERE r.released_at IS NOT NULL");

        private final String code;
        private final String select;
        /** Records of this kind that should be chained (a rescue once released) but have no link. */
        private final String unchained;

        Kind(String code, String select, String chainedRecords) {
            this.code = code;
            this.select = select;
            String id = code.equals("rescue") ? "r.alarm_id" : "r.id";
            this.unchained = "SELECT r.lift_id, " + id + " FROM " + chainedRecords + " AND NOT EXISTS (SELECT 1 FROM"
                    + " audit_chain a WHERE a.kind = ? AND a.record_id = " + id + ")";
        }

        public String code() {
            return code;
        }

        private static final Codes<String, Kind> BY_CODE = Codes.of(values(), Kind::code);

        static Kind of(String code) {
            return BY_CODE.find(code).orElseThrow(() -> new IllegalArgumentException("unknown audit record kind " + code));
        }
    }

    /**
     * A link that does not hold: which record, and what is wrong with it. {@code seq} is 0 for a record with
     * no link; for a break found against a checkpoint, {@code kind} is {@value #CHECKPOINT} and
     * {@code recordId} the checkpoint's sequence.
     */
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
        return verify(connection, liftId == null ? null : List.of(liftId), List.of());
    }

    /**
     * Checks the chains of {@code lifts} (every lift's when null): every link against the one before it and
     * against its record as stored now; every audited record for a link of its own; and every head a
     * checkpoint anchored for these lifts, which must still be in the chain with the same hash (a chain
     * cut short or rewritten with recomputed hashes cannot match). Checkpoints are trusted as given: check
     * their signatures first ({@link AuditCheckpoint#verifies}).
     */
    public static Report verify(Connection connection, Collection<String> lifts, List<AuditCheckpoint> checkpoints)
            throws SQLException {
        Set<String> scope = lifts == null ? null : new HashSet<>(lifts);
        Map<String, Map<Long, String>> anchored = new HashMap<>();
        for (AuditCheckpoint checkpoint : checkpoints) {
            for (AuditCheckpoint.Head head : checkpoint.heads()) {
                if (scope == null || scope.contains(head.liftId())) {
                    anchored.computeIfAbsent(head.liftId(), k -> new HashMap<>()).put(head.seq(), null);
                }
            }
        }
        Map<String, Long> lastSeq = new HashMap<>();
        List<Break> breaks = new ArrayList<>();
        long checked = 0;
        String sql = "SELECT lift_id, seq, kind, record_id, record, prev_hash, hash FROM audit_chain"
                + (scope == null ? "" : " WHERE lift_id = ANY (?)") + " ORDER BY lift_id, seq";
        try (PreparedStatement chain = connection.prepareStatement(sql)) {
            if (scope != null) {
                chain.setArray(1, connection.createArrayOf("text", scope.toArray()));
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
                    lastSeq.put(linkLift, seq);
                    Map<Long, String> wanted = anchored.get(linkLift);
                    if (wanted != null && wanted.containsKey(seq)) {
                        wanted.put(seq, previous);
                    }
                }
            }
        }
        for (AuditCheckpoint checkpoint : checkpoints) {
            for (AuditCheckpoint.Head head : checkpoint.heads()) {
                if (scope != null && !scope.contains(head.liftId())) {
                    continue;
                }
                String now = anchored.get(head.liftId()).get(head.seq());
                String anchor = "checkpoint " + checkpoint.sequence() + " of " + checkpoint.createdAt() + " anchored link "
                        + head.seq() + " with hash " + head.hash();
                if (now == null) {
                    Long last = lastSeq.get(head.liftId());
                    breaks.add(new Break(head.liftId(), head.seq(), CHECKPOINT, checkpoint.sequence(), anchor
                            + ", but the chain now " + (last == null ? "has no links" : "ends at link " + last)
                            + ": links were removed"));
                } else if (!now.equals(head.hash())) {
                    breaks.add(new Break(head.liftId(), head.seq(), CHECKPOINT, checkpoint.sequence(), anchor
                            + ", but that link now has hash " + now + ": the chain was rewritten"));
                }
            }
        }
        breaks.addAll(unchained(connection, scope));
        return new Report(checked, List.copyOf(breaks));
    }

    /** Audited records that have no link: written behind the application's back, or their link was removed. */
    private static List<Break> unchained(Connection connection, Set<String> scope) throws SQLException {
        List<Break> breaks = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            String sql = kind.unchained + (scope == null ? "" : " AND r.lift_id = ANY (?)") + " ORDER BY 1, 2";
            try (PreparedStatement query = connection.prepareStatement(sql)) {
                query.setString(1, kind.code);
                if (scope != null) {
                    query.setArray(2, connection.createArrayOf("text", scope.toArray()));
                }
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        breaks.add(new Break(rows.getString(1), 0, kind.code, rows.getLong(2),
                                "the record has no link in the chain"));
                    }
                }
            }
        }
        return breaks;
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
        return Sha256.hex(previous + "\n" + record);
    }
}
