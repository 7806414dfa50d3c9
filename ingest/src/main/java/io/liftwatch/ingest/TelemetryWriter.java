package io.liftwatch.ingest;

import io.liftwatch.common.db.Transactions;
import io.liftwatch.common.wire.ConnectionReport;
import io.liftwatch.common.wire.CounterReport;
import io.liftwatch.common.wire.Envelope;
import io.liftwatch.common.wire.EventReport;
import io.liftwatch.common.wire.FaultReport;
import io.liftwatch.common.wire.LiftMessage;
import io.liftwatch.common.wire.MessageKind;
import io.liftwatch.common.wire.RunReport;
import io.liftwatch.common.wire.StatusReport;

import org.postgresql.jdbc.PgConnection;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Writes one batch of screened messages in one transaction: telemetry rows per kind, counter deltas,
 * the latest state of each lift, and dead letters. Either all of it commits or none of it, so the
 * caller may acknowledge the whole batch after {@link #write} returns and retry it whole if it throws.
 */
public final class TelemetryWriter {
    /** Dead letters keep at most this much of a payload; the real size is kept beside it. */
    static final int MAX_KEPT_PAYLOAD = 64 * 1024;
    private final DataSource dataSource;
    private final StatusCopy statusCopy = new StatusCopy();

    public TelemetryWriter(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public WriteResult write(List<Inbound> batch) throws SQLException {
        return write(batch, LockTurns.Turn.NONE);
    }

    /** As {@link #write(List)}, taking the lifts' locks only in {@code turn} (see {@link LockTurns}). */
    WriteResult write(List<Inbound> batch, LockTurns.Turn turn) throws SQLException {
        try {
            return writeInTurn(batch, turn, true);
        } finally {
            turn.pass();
        }
    }

    /**
     * As {@link #write(List)}, but every status row checked against the table's key: for a batch the database
     * refused, written again message by message. A status row that another writer than ingest stored ahead of
     * the lift's latest status would make a copy fail, the batch's and this one's alike.
     */
    WriteResult writeChecked(List<Inbound> batch) throws SQLException {
        return writeInTurn(batch, LockTurns.Turn.NONE, false);
    }

    private WriteResult writeInTurn(List<Inbound> batch, LockTurns.Turn turn, boolean copy) throws SQLException {
        Map<MessageKind, List<Inbound>> byKind = new EnumMap<>(MessageKind.class);
        List<Inbound> refused = new ArrayList<>();
        Map<String, LiftState> states = new TreeMap<>();
        for (Inbound inbound : batch) {
            if (inbound.isAccepted()) {
                byKind.computeIfAbsent(inbound.message().kind(), k -> new ArrayList<>()).add(inbound);
                states.computeIfAbsent(inbound.message().liftId(), LiftState::new).add(inbound);
            } else {
                refused.add(inbound);
            }
        }
        return Transactions.inTransaction(dataSource, connection -> {
            turn.await();
            Map<String, Stored> stored = lockStates(connection, states.keySet());
            turn.pass();
            Map<MessageKind, List<Inbound>> toWrite = new EnumMap<>(byKind);
            int repeated = 0;
            long copied = 0;
            if (byKind.containsKey(MessageKind.STATUS)) {
                Map<String, StatusChanges.Latest> latest = new HashMap<>();
                stored.forEach((lift, s) -> {
                    if (s.status() != null) {
                        latest.put(lift, s.status());
                    }
                });
                StatusChanges.Selection selection = StatusChanges.select(byKind.get(MessageKind.STATUS), latest);
                List<Inbound> checked = new ArrayList<>(selection.offered());
                if (copy) {
                    // First: a redelivered twin of a copied row, among the offered ones, is then absorbed by the key.
                    copied = statusCopy.copy(connection, selection.fresh(), checked);
                } else {
                    checked.addAll(selection.fresh());
                }
                toWrite.put(MessageKind.STATUS, checked);
                for (LiftState state : states.values()) {
                    int n = selection.repeats().getOrDefault(state.liftId(), 0);
                    state.repeats(n);
                    repeated += n;
                }
            }
            Map<MessageKind, Integer> written = WriteResult.emptyCounts();
            int resets = 0;
            for (Map.Entry<MessageKind, List<Inbound>> entry : toWrite.entrySet()) {
                List<Inbound> messages = entry.getValue();
                int inserted;
                if (messages.isEmpty()) {
                    inserted = 0;
                } else if (entry.getKey() == MessageKind.COUNTERS) {
                    int[] counts = insertCounters(connection, messages);
                    inserted = counts[0];
                    resets = counts[1];
                } else {
                    inserted = insert(connection, entry.getKey(), messages);
                }
                written.put(entry.getKey(), inserted);
            }
            written.merge(MessageKind.STATUS, (int) copied, Integer::sum);
            insertPresence(connection, states.values(), stored);
            upsertStates(connection, states.values());
            insertDeadLetters(connection, refused);
            int accepted = batch.size() - refused.size();
            int total = written.values().stream().mapToInt(Integer::intValue).sum();
            return new WriteResult(written, accepted - total - repeated, refused.size(), resets, repeated);
        });
    }

    /** A lift's stored latest status and presence span, read under its row lock. */
    private record Stored(StatusChanges.Latest status, Presence.Span span, boolean open) {
    }

    private static Map<String, Stored> lockStates(Connection connection, java.util.Set<String> lifts) throws SQLException {
        Map<String, Stored> stored = new TreeMap<>();
        if (lifts.isEmpty()) {
            return stored;
        }
        try (PreparedStatement lock = connection.prepareStatement(IngestSql.LOCK_STATES)) {
            lock.setArray(1, connection.createArrayOf("text", lifts.toArray(String[]::new)));
            try (ResultSet r = lock.executeQuery()) {
                while (r.next()) {
                    StatusChanges.Latest status = null;
                    if (r.getObject("status_boot") != null) {
                        status = new StatusChanges.Latest(r.getLong("status_boot"), r.getLong("status_seq"),
                                new StatusChanges.Shown(r.getString("mode"), r.getBoolean("moving"),
                                        r.getString("direction"), r.getString("floor"), r.getBoolean("door_zone"),
                                        r.getBoolean("door_locked"), r.getBoolean("passenger"), r.getString("power"),
                                        (Boolean) r.getObject("up_limit"), (Boolean) r.getObject("down_limit"),
                                        r.getObject("load_pct") == null ? null : r.getShort("load_pct"),
                                        r.getObject("speed_ms") == null ? null : r.getFloat("speed_ms")));
                    }
                    Presence.Span span = r.getObject("presence_since") == null ? null
                            : new Presence.Span(r.getLong("presence_since"), r.getLong("presence_until"));
                    stored.put(r.getString("lift_id"), new Stored(status, span, r.getBoolean("presence_open")));
                }
            }
        }
        return stored;
    }

    /** Continues each lift's presence span with the batch's arrivals and writes the spans that ended. */
    private static void insertPresence(Connection connection, java.util.Collection<LiftState> states,
                                       Map<String, Stored> stored) throws SQLException {
        List<String> lifts = new ArrayList<>();
        List<Long> since = new ArrayList<>();
        List<Long> until = new ArrayList<>();
        for (LiftState state : states) {
            Stored s = stored.get(state.liftId());
            for (Presence.Span span : state.settle(s == null ? null : s.span(), s != null && s.open())) {
                lifts.add(state.liftId());
                since.add(span.since());
                until.add(span.until());
            }
        }
        if (lifts.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(IngestSql.INSERT_PRESENCE)) {
            insert.setArray(1, connection.createArrayOf("text", lifts.toArray(String[]::new)));
            insert.setArray(2, connection.createArrayOf("int8", since.toArray(Long[]::new)));
            insert.setArray(3, connection.createArrayOf("int8", until.toArray(Long[]::new)));
            insert.executeUpdate();
        }
    }

    private static int insert(Connection connection, MessageKind kind, List<Inbound> messages) throws SQLException {
        return switch (kind) {
            case STATUS -> execute(connection, IngestSql.INSERT_STATUS, messages, StatusReport.class, s -> new Object[]{
                    s.mode().wireName(), s.moving(), s.direction(), s.floor(), s.doorZone(), s.doorLocked(),
                    s.passenger(), s.power(), s.upLimit(), s.downLimit(),
                    s.loadPercent() == null ? null : s.loadPercent().shortValue(),
                    s.speed() == null ? null : s.speed().floatValue()},
                    "text", "bool", "text", "text", "bool", "bool", "bool", "text", "bool", "bool", "int2", "float4");
            case RUN -> execute(connection, IngestSql.INSERT_RUN, messages, RunReport.class, r -> new Object[]{
                    r.startedAt(), r.fromFloor(), r.toFloor(), String.join(",", r.cards())},
                    "int8", "text", "text", "text");
            case FAULT -> execute(connection, IngestSql.INSERT_FAULTS, messages, FaultReport.class, f -> new Object[]{
                    f.type().wireName(), f.type().gbtCode(), f.raised(), f.floor(), f.detail()},
                    "text", "int4", "bool", "text", "text");
            case EVENT -> execute(connection, IngestSql.INSERT_EVENTS, messages, EventReport.class, e -> new Object[]{
                    e.type().wireName(), e.type().gbtCode(), e.floor(), e.detail()},
                    "text", "int4", "text", "text");
            case CONNECTION -> execute(connection, IngestSql.INSERT_CONNECTIONS, messages, ConnectionReport.class,
                    c -> new Object[]{c.online(), c.firmware()}, "bool", "text");
            case COUNTERS -> throw new IllegalArgumentException("counters are written by insertCounters");
        };
    }

    /**
     * How far before a batch's earliest device time a late sample's neighbours are searched. A sample
     * arriving out of device order is nearly always minutes late (a redelivery, another instance's
     * batch); one later than this is still handled exactly, by a second search without the bound.
     */
    static final long LATE_SEARCH_MS = 2 * 24 * 3600 * 1000L;

    /** The unbounded search: {@code to_timestamp('-Infinity')} is {@code -infinity}. */
    private static final double NO_BOUND = Double.NEGATIVE_INFINITY;

    /**
     * Inserts counter samples with their deltas, and recomputes the deltas of stored samples that a late
     * one now precedes; returns {rows inserted, resets among them}.
     */
    private static int[] insertCounters(Connection connection, List<Inbound> messages) throws SQLException {
        TreeSet<String> lifts = new TreeSet<>();
        messages.forEach(m -> lifts.add(m.message().liftId()));
        try (PreparedStatement lock = connection.prepareStatement(IngestSql.LOCK_LIFTS)) {
            lock.setArray(1, connection.createArrayOf("text", lifts.toArray(String[]::new)));
            lock.execute();
        }
        int inserted = 0;
        int resets = 0;
        Keys late = new Keys();
        Keys orphans = new Keys();
        // The batch, which reads no history; then, only if it deferred some, the late samples with theirs.
        Set<String> deferred = new HashSet<>();
        for (boolean lateOnes : new boolean[]{false, true}) {
            List<Inbound> batch = !lateOnes ? messages : messages.stream()
                    .filter(m -> deferred.contains(key(m.message().envelope()))).toList();
            if (batch.isEmpty()) {
                break;
            }
            try (PreparedStatement insert = prepareCounters(connection,
                    lateOnes ? IngestSql.INSERT_LATE_COUNTERS : IngestSql.INSERT_COUNTERS, lateOnes, batch);
                 ResultSet rows = insert.executeQuery()) {
                while (rows.next()) {
                    if (rows.getBoolean("deferred")) {
                        deferred.add(key(rows.getString("lift_id"), rows.getLong("boot"), rows.getLong("seq")));
                        continue;
                    }
                    inserted++;
                    resets += rows.getBoolean("reset") ? 1 : 0;
                    if (rows.getBoolean("followed")) {
                        late.add(rows);
                    }
                    if (rows.getBoolean("orphan")) {
                        orphans.add(rows);
                    }
                }
            }
        }
        double bound = lateSearchBound(messages);
        if (!orphans.isEmpty()) {
            recompute(connection, orphans, NO_BOUND);
        }
        if (!late.isEmpty()) {
            Keys successors = successors(connection, late, bound);
            double successorBound = bound;
            if (successors.size() < late.size()) {
                successors = successors(connection, late, NO_BOUND);
                successorBound = NO_BOUND;
            }
            recompute(connection, successors.distinct(), successorBound);
        }
        return new int[]{inserted, resets};
    }

    /** Where a batch's late samples search for their neighbours: epoch milliseconds. */
    private static double lateSearchBound(List<Inbound> messages) {
        return messages.stream().mapToLong(m -> m.message().envelope().deviceTime()).min().orElseThrow()
                - (double) LATE_SEARCH_MS;
    }

    /**
     * {@code sql} ({@link IngestSql#INSERT_COUNTERS} or {@link IngestSql#INSERT_LATE_COUNTERS}, or a statement made
     * of one) with a batch bound to it, and the late samples' search bound where the statement takes one.
     */
    static PreparedStatement prepareCounters(Connection connection, String sql, boolean late, List<Inbound> messages)
            throws SQLException {
        PreparedStatement insert = prepare(connection, sql, messages, CounterReport.class,
                c -> new Object[]{c.runs(), c.runSeconds(), c.doorCycles(), c.ropeBends(), c.energyKwh()},
                "int8", "int8", "int8", "int8", "numeric");
        if (late) {
            insert.setDouble(11, lateSearchBound(messages));
        }
        return insert;
    }

    private static String key(Envelope e) {
        return key(e.liftId(), e.boot(), e.seq());
    }

    private static String key(String lift, long boot, long seq) {
        return lift + '\u0000' + boot + '\u0000' + seq;
    }

    /** Counter sample keys (lift, boot, seq) bound as three arrays. */
    private static final class Keys {
        final List<String> lifts = new ArrayList<>();
        final List<Long> boots = new ArrayList<>();
        final List<Long> seqs = new ArrayList<>();

        void add(ResultSet row) throws SQLException {
            lifts.add(row.getString("lift_id"));
            boots.add(row.getLong("boot"));
            seqs.add(row.getLong("seq"));
        }

        boolean isEmpty() {
            return lifts.isEmpty();
        }

        int size() {
            return lifts.size();
        }

        Keys distinct() {
            Keys keys = new Keys();
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < size(); i++) {
                if (seen.add(key(lifts.get(i), boots.get(i), seqs.get(i)))) {
                    keys.lifts.add(lifts.get(i));
                    keys.boots.add(boots.get(i));
                    keys.seqs.add(seqs.get(i));
                }
            }
            return keys;
        }

        void bind(Connection connection, PreparedStatement statement) throws SQLException {
            statement.setArray(1, connection.createArrayOf("text", lifts.toArray(String[]::new)));
            statement.setArray(2, connection.createArrayOf("int8", boots.toArray(Long[]::new)));
            statement.setArray(3, connection.createArrayOf("int8", seqs.toArray(Long[]::new)));
        }
    }

    private static Keys successors(Connection connection, Keys samples, double bound) throws SQLException {
        Keys found = new Keys();
        try (PreparedStatement find = connection.prepareStatement(IngestSql.FIND_SUCCESSORS)) {
            samples.bind(connection, find);
            find.setDouble(4, bound);
            try (ResultSet rows = find.executeQuery()) {
                while (rows.next()) {
                    found.add(rows);
                }
            }
        }
        return found;
    }

    private static void recompute(Connection connection, Keys samples, double bound) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(IngestSql.RECOMPUTE_DELTAS)) {
            samples.bind(connection, update);
            update.setDouble(4, bound);
            update.setDouble(5, bound);
            update.setDouble(6, bound);
            update.executeUpdate();
        }
    }

    private static <T extends LiftMessage> int execute(Connection connection, String sql, List<Inbound> messages,
                                                       Class<T> type, Function<T, Object[]> body, String... bodyTypes)
            throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, messages, type, body, bodyTypes)) {
            return statement.executeUpdate();
        }
    }

    /**
     * Binds a batch as one array per column: the envelope (lift, device time, boot, seq), the receive
     * time, then the kind's own columns.
     */
    private static <T extends LiftMessage> PreparedStatement prepare(Connection connection, String sql,
                                                                     List<Inbound> messages, Class<T> type,
                                                                     Function<T, Object[]> body, String... bodyTypes)
            throws SQLException {
        int n = messages.size();
        String[] lifts = new String[n];
        // Primitive and typed arrays: the driver sends them in binary rather than as array literals.
        long[] times = new long[n];
        long[] boots = new long[n];
        long[] seqs = new long[n];
        long[] received = new long[n];
        Object[][] columns = new Object[bodyTypes.length][];
        for (int c = 0; c < bodyTypes.length; c++) {
            columns[c] = column(bodyTypes[c], n);
        }
        for (int i = 0; i < n; i++) {
            LiftMessage message = messages.get(i).message();
            Envelope e = message.envelope();
            lifts[i] = e.liftId();
            times[i] = e.deviceTime();
            boots[i] = e.boot();
            seqs[i] = e.seq();
            received[i] = messages.get(i).receivedAt();
            Object[] values = body.apply(type.cast(message));
            for (int c = 0; c < values.length; c++) {
                columns[c][i] = values[c];
            }
        }
        PreparedStatement statement = connection.prepareStatement(sql);
        statement.setArray(1, connection.createArrayOf("text", lifts));
        PgConnection pg = connection.unwrap(PgConnection.class);
        statement.setArray(2, pg.createArrayOf("int8", times));
        statement.setArray(3, pg.createArrayOf("int8", boots));
        statement.setArray(4, pg.createArrayOf("int8", seqs));
        statement.setArray(5, pg.createArrayOf("int8", received));
        for (int c = 0; c < bodyTypes.length; c++) {
            statement.setArray(6 + c, connection.createArrayOf(bodyTypes[c], columns[c]));
        }
        return statement;
    }

    private static void upsertStates(Connection connection, java.util.Collection<LiftState> states) throws SQLException {
        if (states.isEmpty()) {
            return;
        }
        int n = states.size();
        String[] types = LiftState.COLUMN_TYPES;
        Object[][] c = new Object[types.length][];
        for (int k = 0; k < types.length; k++) {
            c[k] = column(types[k], n);
        }
        int i = 0;
        for (LiftState state : states) {
            Object[] row = state.row();
            for (int k = 0; k < row.length; k++) {
                c[k][i] = row[k];
            }
            i++;
        }
        try (PreparedStatement statement = connection.prepareStatement(IngestSql.UPSERT_LIFT_STATE)) {
            for (int k = 0; k < types.length; k++) {
                statement.setArray(k + 1, connection.createArrayOf(types[k], c[k]));
            }
            statement.executeUpdate();
        }
    }

    /** An array of the Java type the driver encodes in binary for {@code sqlType}, where it has one. */
    private static Object[] column(String sqlType, int n) {
        return switch (sqlType) {
            case "text" -> new String[n];
            case "bool" -> new Boolean[n];
            case "int2" -> new Short[n];
            case "int4" -> new Integer[n];
            case "int8" -> new Long[n];
            case "float4" -> new Float[n];
            default -> new Object[n];
        };
    }

    private static void insertDeadLetters(Connection connection, List<Inbound> refused) throws SQLException {
        if (refused.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(IngestSql.INSERT_DEAD_LETTERS)) {
            for (Inbound inbound : refused) {
                statement.setLong(1, inbound.receivedAt());
                statement.setString(2, inbound.topic());
                statement.setString(3, inbound.rejection().liftId());
                statement.setString(4, inbound.rejection().reason().code());
                statement.setString(5, inbound.rejection().detail());
                statement.setBytes(6, inbound.payload().length <= MAX_KEPT_PAYLOAD ? inbound.payload()
                        : java.util.Arrays.copyOf(inbound.payload(), MAX_KEPT_PAYLOAD));
                statement.setInt(7, inbound.payload().length);
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }
}
