package io.liftwatch.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.liftwatch.common.config.Env;
import io.liftwatch.common.registry.Lift;
import io.liftwatch.common.registry.Registry;
import io.liftwatch.common.wire.CounterReport;
import io.liftwatch.common.wire.Envelope;
import io.liftwatch.common.wire.EventReport;
import io.liftwatch.common.wire.FaultReport;
import io.liftwatch.common.wire.LiftMessage;
import io.liftwatch.common.wire.RunReport;
import io.liftwatch.common.wire.StatusReport;
import io.liftwatch.ingest.IngestConfig;
import io.liftwatch.ingest.StatusPackJob;
import io.liftwatch.simulator.Behaviour;
import io.liftwatch.simulator.LiftModel;
import io.liftwatch.simulator.Simulator;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * Loads a district's history as ingest would have stored it, fast. Each of {@code threads} streams runs the models
 * of a range of lifts a day at a time and COPYs the day's rows in the order of their device times, across its
 * lifts, so a table's pages mix lifts as ingest's batches do. During the load the telemetry tables have no
 * primary key and no rollup-marking trigger: a B-tree built once is cheaper than one grown row by row, and the
 * loader writes the marks the triggers would have made (every lift-hour with a run, counter sample or fault).
 * Afterwards keys and triggers are put back as they were (checked), the rollups catch up set-wise
 * ({@code liftwatch_refresh_rollups_bulk}, V44). Each lift's closed days of status are written as ingest's packing
 * job leaves them (one status_day row each, V53; HistoryLoadTest checks that the job makes the same rows), and the
 * job then makes its pass over what was loaded.
 */
final class HistoryLoad {
    private static final long DAY_MS = 86_400_000L;
    private static final long HOUR_MS = 3_600_000L;
    /** The telemetry tables the load writes, whose keys and triggers are set aside during it. */
    private static final String[] RAW = {"status_sample", "run", "counter_sample", "fault", "lift_event"};
    private static final String RUN = "COPY run (lift_id, ts, boot, seq, received_at, started_at, from_floor, to_floor,"
            + " cards) FROM STDIN";
    private static final String COUNTER = "COPY counter_sample (lift_id, ts, boot, seq, received_at, runs, run_seconds,"
            + " door_cycles, rope_bends, energy_kwh, d_runs, d_run_seconds, d_door_cycles, d_rope_bends, d_energy_kwh,"
            + " reset) FROM STDIN";
    private static final String FAULT = "COPY fault (lift_id, ts, boot, seq, received_at, code, gbt_code, raised, floor,"
            + " detail) FROM STDIN";
    private static final String EVENT = "COPY lift_event (lift_id, ts, boot, seq, received_at, type, gbt_code, floor,"
            + " detail) FROM STDIN";
    private static final String STATUS = "COPY status_sample (lift_id, ts, boot, seq, received_at, mode, moving,"
            + " direction, floor, door_zone, door_locked, passenger, power, up_limit, down_limit, load_pct, speed_ms)"
            + " FROM STDIN";
    private static final String STATUS_DAY = "COPY status_day (lift_id, day, ts, boot, seq, received_at, speed_ms,"
            + " load_pct, moving, door_zone, door_locked, passenger, up_limit, down_limit, mode, direction, power, floor)"
            + " FROM STDIN";
    /** China Standard Time, whose days status_day packs (rollup_day_start, V40). */
    private static final long CHINA_OFFSET_MS = 8 * HOUR_MS;
    /** The primary keys, indexes and triggers of the telemetry tables, to check they are back as they were. */
    private static final String SCHEMA = """
            SELECT string_agg(x, E'\\n' ORDER BY x) FROM (
                SELECT indexdef AS x FROM pg_indexes WHERE schemaname = current_schema() AND tablename = ANY (?)
                UNION ALL
                SELECT pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                WHERE c.relnamespace = current_schema()::regnamespace AND c.relname = ANY (?) AND NOT t.tgisinternal
                UNION ALL
                SELECT conname || ' ' || pg_get_constraintdef(c.oid) FROM pg_constraint c
                WHERE c.connamespace = current_schema()::regnamespace AND c.conrelid::regclass::text = ANY (?)) s""";

    private final HikariDataSource pool;
    private final Registry fleet;
    private final long start;
    private final long end;
    private final int threads;
    private final boolean packAtLoad;
    /** Whether this load writes the closed days of status packed (plain tables), and the first day still open. */
    private boolean packing;
    private boolean statusHypertable;
    private long firstOpenDay;
    /** status_word's code of each "kind:word" (V43): status_sample stores its words as codes. */
    private Map<String, String> codes;
    /** How each of status_day's arrays after lift_id and day takes a row's value, in STATUS_DAY's order. */
    private final List<BiConsumer<CopyText, StatusReport>> statusDayColumns = List.of(
            (t, s) -> t.time(s.envelope().deviceTime()),
            (t, s) -> t.number(s.envelope().boot()),
            (t, s) -> t.number(s.envelope().seq()),
            (t, s) -> t.time(s.envelope().deviceTime()), // received_at, as key() writes it
            (t, s) -> t.value(s.speed()),
            (t, s) -> t.value(s.loadPercent()),
            (t, s) -> t.bool(s.moving()),
            (t, s) -> t.bool(s.doorZone()),
            (t, s) -> t.bool(s.doorLocked()),
            (t, s) -> t.bool(s.passenger()),
            (t, s) -> t.bool(s.upLimit()),
            (t, s) -> t.bool(s.downLimit()),
            (t, s) -> t.text(codes.get("mode:" + s.mode().wireName())),
            (t, s) -> t.text(codes.get("direction:" + s.direction())),
            (t, s) -> t.text(codes.get("power:" + s.power())),
            (t, s) -> t.text(s.floor()));
    /** Nanoseconds: the streams' CPU on models and formatting, their time in COPY, and the keys' build. */
    private final AtomicLong modelNanos = new AtomicLong();
    private final AtomicLong copyNanos = new AtomicLong();
    private long keyNanos;
    private long compressNanos;
    private int compressedAtLoad;

    /**
     * @param packAtLoad write each lift's closed days of status as the packing job leaves them (status_day) rather
     *                   than as raw rows for the job to pack: a year of a district is 88 million status rows, and
     *                   moving them row by row would take longer than the rest of the load
     */
    HistoryLoad(HikariDataSource pool, Registry fleet, long end, int days, int threads, boolean packAtLoad) {
        this.pool = pool;
        this.fleet = fleet;
        this.end = end;
        this.start = end - days * DAY_MS;
        this.threads = threads;
        this.packAtLoad = packAtLoad;
    }

    /**
     * Runs, counter samples, faults, events, status changes and the lift-days of status loaded packed, with keys and
     * triggers put back.
     */
    long[] load() throws Exception {
        String before = schema();
        codes = statusCodes();
        statusHypertable = statusIsHypertable();
        packing = packAtLoad && !statusHypertable;
        Duration margin = IngestConfig.StatusPacking.from(new Env(Map.of())).margin();
        firstOpenDay = chinaDay(System.currentTimeMillis() - margin.toMillis());
        List<String> keys = new ArrayList<>();
        try (Connection c = pool.getConnection(); Statement sql = c.createStatement();
             ResultSet r = sql.executeQuery("SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)"
                     + " FROM pg_constraint WHERE contype = 'p' AND connamespace = current_schema()::regnamespace"
                     + " AND conrelid::regclass::text IN ('" + String.join("', '", RAW) + "')")) {
            while (r.next()) {
                keys.add("ALTER TABLE " + r.getString(1) + " ADD CONSTRAINT " + r.getString(2) + " " + r.getString(3));
                try (Statement drop = c.createStatement()) {
                    drop.execute("ALTER TABLE " + r.getString(1) + " DROP CONSTRAINT " + r.getString(2));
                }
            }
            for (String t : new String[]{"run", "fault", "counter_sample"}) {
                sql.execute("DROP TRIGGER IF EXISTS " + t + "_rollup ON " + t);
                sql.execute("DROP TRIGGER IF EXISTS " + t + "_rollup_update ON " + t);
            }
            sql.execute("ALTER TABLE lift_presence DISABLE TRIGGER USER");
        }
        long[] rows = new long[6];
        for (long[] r : parallel(threads, threads, this::stream)) {
            for (int k = 0; k < rows.length; k++) {
                rows[k] += r[k];
            }
        }
        // Where TimescaleDB runs the history is compressed before its keys are built, as its policy would have
        // compressed it: compression empties each chunk's own table, so keys built first would be built for nothing.
        long t0 = System.nanoTime();
        if (statusHypertable) {
            compressedAtLoad = compressChunks();
        }
        compressNanos = System.nanoTime() - t0;
        // The keys, the biggest tables first, on as many connections; then the triggers as the schema installs them.
        t0 = System.nanoTime();
        AtomicInteger next = new AtomicInteger();
        parallel(threads, threads, s -> {
            try (Connection c = pool.getConnection(); Statement sql = c.createStatement()) {
                sql.execute("SET maintenance_work_mem = '512MB'");
                for (int k = next.getAndIncrement(); k < keys.size(); k = next.getAndIncrement()) {
                    sql.execute(keys.get(k));
                }
            }
            return null;
        });
        execute("SELECT rollup_install_triggers()");
        execute("ALTER TABLE lift_presence ENABLE TRIGGER USER");
        keyNanos = System.nanoTime() - t0;
        String after = schema();
        if (!after.equals(before)) {
            throw new IllegalStateException("the telemetry tables' keys or triggers differ after the load:\n" + before
                    + "\n---\n" + after);
        }
        return rows;
    }

    /** Where the load's time went, for the benchmark's report. */
    String breakdown() {
        return String.format("streams: %.0f s CPU on models and COPY text, %.0f s in COPY;%s keys built in %.0f s",
                modelNanos.get() / 1e9, copyNanos.get() / 1e9, compressedAtLoad == 0 ? ""
                        : String.format(" %,d chunks compressed (TimescaleDB) in %.0f s;", compressedAtLoad,
                        compressNanos / 1e9), keyNanos / 1e9);
    }

    /** Catches the rollups up on what was loaded, lifts in groups, on as many connections; lift-hours done. */
    long rollUp() throws Exception {
        List<String> lifts = fleet.lifts().stream().map(Lift::id).toList();
        // Groups of lifts big enough that the pages of a table are read a few times in all, not once per lift.
        int group = Math.max(10, lifts.size() / (threads * 5));
        AtomicInteger next = new AtomicInteger();
        long hours = 0;
        for (Long done : parallel(threads, threads, s -> {
            long total = 0;
            try (Connection c = pool.getConnection();
                 PreparedStatement bulk = c.prepareStatement("SELECT liftwatch_refresh_rollups_bulk(?)")) {
                c.createStatement().execute("SET work_mem = '512MB'");
                for (int g = next.getAndIncrement(); g * group < lifts.size(); g = next.getAndIncrement()) {
                    bulk.setArray(1, c.createArrayOf("text",
                            lifts.subList(g * group, Math.min(lifts.size(), (g + 1) * group)).toArray()));
                    try (ResultSet r = bulk.executeQuery()) {
                        r.next();
                        total += r.getInt(1);
                    }
                }
            }
            return total;
        })) {
            hours += done;
        }
        try (Connection c = pool.getConnection(); Statement sql = c.createStatement();
             ResultSet r = sql.executeQuery("SELECT count(*) FROM rollup_pending")) {
            r.next();
            if (r.getLong(1) != 0) {
                throw new IllegalStateException(r.getLong(1) + " lift-hours still pending after the rollups caught up");
            }
        }
        return hours;
    }

    /**
     * The packing job's pass over what was loaded ({@code StatusPackJob.packDue}, its default margin and lift-days per
     * transaction), on as many connections, which skip each other's lifts; lift-days it packed. With the closed days
     * loaded packed it finds none due. Checks that every status row loaded is in status_sample or in a packed day,
     * and on plain tables none is left raw.
     */
    long packStatus(long rowsLoaded) throws Exception {
        IngestConfig.StatusPacking packing = IngestConfig.StatusPacking.from(new Env(Map.of()));
        long days = 0;
        for (Integer done : parallel(threads, threads, s -> {
            try (Connection c = pool.getConnection()) {
                return StatusPackJob.packDue(c, packing, n -> { });
            }
        })) {
            days += done;
        }
        try (Connection c = pool.getConnection(); Statement sql = c.createStatement();
             ResultSet r = sql.executeQuery("SELECT (SELECT count(*) FROM status_sample),"
                     + " (SELECT coalesce(sum(cardinality(ts)), 0) FROM status_day)")) {
            r.next();
            if ((!statusHypertable && r.getLong(1) != 0) || r.getLong(1) + r.getLong(2) != rowsLoaded) {
                throw new IllegalStateException("after packing " + r.getLong(1) + " status rows are raw and "
                        + r.getLong(2) + " packed, of " + rowsLoaded + " loaded");
            }
        }
        if (!statusHypertable) {
            // Where the job packed loaded rows, status_sample's index is still the size of the history; ingest only
            // ever holds the open days there, and VACUUM gives their pages to the next days' rows.
            execute("REINDEX TABLE status_sample");
        }
        return days;
    }

    /**
     * Where TimescaleDB runs: every chunk of the schema's hypertables not yet compressed is compressed, the biggest
     * first, on as many connections (each chunk compresses on one core); chunks compressed.
     */
    int compressChunks() throws Exception {
        List<String> chunks = new ArrayList<>();
        try (Connection c = pool.getConnection(); Statement sql = c.createStatement();
             ResultSet r = sql.executeQuery("""
                     SELECT format('%I.%I', chunk_schema, chunk_name) FROM timescaledb_information.chunks
                     WHERE hypertable_schema = current_schema() AND NOT is_compressed
                     ORDER BY pg_total_relation_size(format('%I.%I', chunk_schema, chunk_name)::regclass) DESC""")) {
            while (r.next()) {
                chunks.add(r.getString(1));
            }
        }
        AtomicInteger next = new AtomicInteger();
        parallel(threads, threads, s -> {
            try (Connection c = pool.getConnection();
                 PreparedStatement compress = c.prepareStatement("SELECT compress_chunk(?::regclass)")) {
                for (int k = next.getAndIncrement(); k < chunks.size(); k = next.getAndIncrement()) {
                    compress.setString(1, chunks.get(k));
                    compress.execute();
                }
            }
            return null;
        });
        return chunks.size();
    }

    /** VACUUM ANALYZE of every table of the schema, the biggest first, on as many connections. */
    void vacuum() throws Exception {
        List<String> tables = new ArrayList<>();
        try (Connection c = pool.getConnection(); Statement sql = c.createStatement();
             ResultSet r = sql.executeQuery("SELECT relname FROM pg_class WHERE relkind IN ('r', 'p')"
                     + " AND relnamespace = current_schema()::regnamespace ORDER BY pg_total_relation_size(oid) DESC")) {
            while (r.next()) {
                tables.add(r.getString(1));
            }
        }
        AtomicInteger next = new AtomicInteger();
        parallel(threads, threads, s -> {
            try (Connection c = pool.getConnection(); Statement sql = c.createStatement()) {
                for (int k = next.getAndIncrement(); k < tables.size(); k = next.getAndIncrement()) {
                    sql.execute("VACUUM (ANALYZE) \"" + tables.get(k) + "\"");
                }
            }
            return null;
        });
    }

    /** One stream: the lifts of its range, a day at a time. */
    private long[] stream(int s) throws SQLException {
        List<Lift> all = fleet.lifts();
        int from = all.size() * s / threads;
        int to = all.size() * (s + 1) / threads;
        Map<String, Map<String, List<List<String>>>> cards = Simulator.cardsByStairwellAndFloor(fleet);
        Behaviour field = Behaviour.realistic();
        // Heartbeats repeat the lift's status and are not stored (they move last_seen only); one a day is enough.
        Behaviour behaviour = new Behaviour(field.tripsPerDay(), Duration.ofHours(24), field.counterInterval(),
                field.visitInterval(), field.faultsPerLiftDay(), field.entrapmentsPerLiftDay(), field.rebootsPerLiftDay());
        List<LiftRows> lifts = new ArrayList<>();
        for (int i = from; i < to; i++) {
            Lift lift = all.get(i);
            lifts.add(new LiftRows(new LiftModel(lift, cards.getOrDefault(lift.stairwellId(), Map.of()), behaviour,
                    31L * i, start), (int) ((end - start) / HOUR_MS) + 1));
        }
        Tables out = new Tables();
        long[] rows = new long[6];
        try (Connection c = pool.getConnection()) {
            c.createStatement().execute("SET synchronous_commit = off");
            CopyManager api = c.unwrap(PGConnection.class).getCopyAPI();
            PriorityQueue<LiftRows> due = new PriorityQueue<>((a, b) -> Long.compare(a.nextTime, b.nextTime));
            ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
            for (long day = start + DAY_MS; day - DAY_MS < end; day += DAY_MS) {
                long cpu0 = cpu.getCurrentThreadCpuTime();
                for (LiftRows lift : lifts) {
                    if (lift.advance(Math.min(day, end))) {
                        due.add(lift);
                    }
                }
                // The day's messages in the order of their device times, each lift's in its own order.
                while (!due.isEmpty()) {
                    LiftRows lift = due.poll();
                    lift.write(out);
                    if (lift.next()) {
                        due.add(lift);
                    }
                }
                modelNanos.addAndGet(cpu.getCurrentThreadCpuTime() - cpu0);
                long t0 = System.nanoTime();
                out.copy(api, rows);
                copyNanos.addAndGet(System.nanoTime() - t0);
            }
            for (LiftRows lift : lifts) {
                lift.finish(out);
            }
            out.copy(api, rows);
            // The marks, with the presence spans' hours among them (lift_presence's triggers are off for the load).
            out.marks.copy(api, "COPY rollup_pending (lift_id, hour) FROM STDIN");
            out.presence.copy(api, "COPY lift_presence (lift_id, since, until) FROM STDIN");
            out.latest.copy(api, "COPY counter_latest (lift_id, ts, boot, seq, runs, run_seconds, door_cycles,"
                    + " rope_bends, energy_kwh) FROM STDIN");
            out.states.copy(api, "COPY lift_state (lift_id, first_seen_at, last_seen_at, presence_since, presence_until,"
                    + " presence_open, online) FROM STDIN");
        }
        return rows;
    }

    /** A stream's buffers, one per table. */
    private static final class Tables {
        final CopyText runs = new CopyText();
        final CopyText counters = new CopyText();
        final CopyText faults = new CopyText();
        final CopyText events = new CopyText();
        final CopyText statuses = new CopyText();
        final CopyText statusDays = new CopyText();
        /** Status rows written into statusDays since its last COPY. */
        long packedStatuses;
        final CopyText marks = new CopyText();
        final CopyText presence = new CopyText();
        final CopyText states = new CopyText();
        final CopyText latest = new CopyText();

        void copy(CopyManager api, long[] rows) throws SQLException {
            rows[0] += runs.copy(api, RUN);
            rows[1] += counters.copy(api, COUNTER);
            rows[2] += faults.copy(api, FAULT);
            rows[3] += events.copy(api, EVENT);
            rows[4] += statuses.copy(api, STATUS) + packedStatuses;
            packedStatuses = 0;
            rows[5] += statusDays.copy(api, STATUS_DAY);
        }
    }

    /** One lift: its model, and what ingest keeps of it between messages (counter deltas, status changes, presence). */
    private final class LiftRows {
        private final LiftModel model;
        private final BitSet hours;
        private List<LiftMessage> pending = List.of();
        private int position;
        private long nextTime;
        private CounterReport previous;
        private List<Object> lastStatus;
        private long firstSeen = -1;
        private long spanSince = -1;
        private long spanUntil;
        private long spanBoot;
        /** With packing: the stored status rows of the lift's day in progress (China Standard Time). */
        private final List<StatusReport> statusDay = new ArrayList<>();
        private long statusDayNumber;

        LiftRows(LiftModel model, int hours) {
            this.model = model;
            this.hours = new BitSet(hours);
        }

        /** The model's messages up to {@code until}; whether there are any. */
        boolean advance(long until) {
            pending = model.advance(until);
            position = 0;
            return next();
        }

        /** Whether a message is left; its device time is then {@link #nextTime}. */
        boolean next() {
            if (position < pending.size()) {
                nextTime = pending.get(position).envelope().deviceTime();
                return true;
            }
            return false;
        }


        /** The next message's row, as ingest would store it (a status only when it changed). */
        void write(Tables out) {
            LiftMessage message = pending.get(position++);
            Envelope e = message.envelope();
            presence(e, out);
            CopyText row;
            if (message instanceof RunReport run) {
                row = key(out.runs, e).time(run.startedAt()).text(run.fromFloor()).text(run.toFloor())
                        .text("{" + String.join(",", run.cards()) + "}");
                mark(e);
            } else if (message instanceof CounterReport counter) {
                boolean reset = previous != null && (counter.runs() < previous.runs()
                        || counter.runSeconds() < previous.runSeconds() || counter.doorCycles() < previous.doorCycles()
                        || counter.ropeBends() < previous.ropeBends()
                        || counter.energyKwh().compareTo(previous.energyKwh()) < 0);
                boolean none = previous == null || reset;
                row = key(out.counters, e).number(counter.runs()).number(counter.runSeconds())
                        .number(counter.doorCycles()).number(counter.ropeBends()).decimal(counter.energyKwh())
                        .number(none ? 0 : counter.runs() - previous.runs())
                        .number(none ? 0 : counter.runSeconds() - previous.runSeconds())
                        .number(none ? 0 : counter.doorCycles() - previous.doorCycles())
                        .number(none ? 0 : counter.ropeBends() - previous.ropeBends())
                        .decimal(none ? BigDecimal.ZERO : counter.energyKwh().subtract(previous.energyKwh())).bool(reset);
                previous = counter;
                mark(e);
            } else if (message instanceof FaultReport fault) {
                row = key(out.faults, e).text(fault.type().wireName()).value(fault.type().gbtCode()).bool(fault.raised())
                        .text(fault.floor()).text(fault.detail());
                mark(e);
            } else if (message instanceof EventReport event) {
                row = key(out.events, e).text(event.type().wireName()).value(event.type().gbtCode())
                        .text(event.floor()).text(event.detail());
            } else if (message instanceof StatusReport s) {
                List<Object> state = Arrays.asList(s.mode(), s.moving(), s.direction(), s.floor(), s.doorZone(),
                        s.doorLocked(), s.passenger(), s.power(), s.upLimit(), s.downLimit(), s.loadPercent());
                if (Objects.equals(state, lastStatus)) {
                    return;
                }
                lastStatus = state;
                if (packing) {
                    long day = chinaDay(e.deviceTime());
                    if (day != statusDayNumber) {
                        writeStatusDay(out);
                        statusDayNumber = day;
                    }
                    statusDay.add(s);
                    return;
                }
                row = statusRow(out.statuses, s);
            } else {
                return;
            }
            row.end();
        }

        private CopyText statusRow(CopyText table, StatusReport s) {
            return key(table, s.envelope()).text(codes.get("mode:" + s.mode().wireName())).bool(s.moving())
                    .text(codes.get("direction:" + s.direction())).text(s.floor()).bool(s.doorZone())
                    .bool(s.doorLocked()).bool(s.passenger()).text(codes.get("power:" + s.power()))
                    .bool(s.upLimit()).bool(s.downLimit()).value(s.loadPercent()).value(s.speed());
        }

        /**
         * The lift's day of status rows: one status_day row of per-column arrays in key order, as the packing job
         * writes it, once the day is closed; raw rows while it is open.
         */
        private void writeStatusDay(Tables out) {
            if (statusDay.isEmpty()) {
                return;
            }
            statusDay.sort(Comparator.comparingLong((StatusReport s) -> s.envelope().deviceTime())
                    .thenComparingLong(s -> s.envelope().boot()).thenComparingLong(s -> s.envelope().seq()));
            if (statusDayNumber >= firstOpenDay) {
                statusDay.forEach(s -> statusRow(out.statuses, s).end());
                statusDay.clear();
                return;
            }
            CopyText t = out.statusDays.text(model.liftId()).text(LocalDate.ofEpochDay(statusDayNumber).toString());
            for (BiConsumer<CopyText, StatusReport> column : statusDayColumns) {
                t.open();
                statusDay.forEach(s -> column.accept(t, s));
                t.close();
            }
            t.end();
            out.packedStatuses += statusDay.size();
            statusDay.clear();
        }

        private CopyText key(CopyText table, Envelope e) {
            return table.text(e.liftId()).time(e.deviceTime()).number(e.boot()).number(e.seq()).time(e.deviceTime());
        }

        /** The lift-hour the rollup-marking triggers would have marked for this row. */
        private void mark(Envelope e) {
            hours.set(hour(e.deviceTime()));
        }

        /** The lift-hour holding {@code time}, counted from the history's start: its bit in {@code hours}. */
        private int hour(long time) {
            return (int) (Math.floorDiv(time, HOUR_MS) - Math.floorDiv(start, HOUR_MS));
        }

        /**
         * Presence as ingest keeps it: the lift is heard continuously (the heartbeats that are not stored) except
         * across a reboot, which ends a span at the last message of the old boot; a span that reaches into a new
         * day in China Standard Time is written up to its midnight and goes on from there.
         */
        private void presence(Envelope e, Tables out) {
            if (spanSince < 0) {
                firstSeen = e.deviceTime();
            } else if (e.boot() != spanBoot) {
                writeSpan(out, spanUntil);
            } else if (chinaDay(e.deviceTime()) > chinaDay(spanSince)) {
                long midnight = chinaDay(e.deviceTime()) * DAY_MS - CHINA_OFFSET_MS;
                writeSpan(out, midnight);
                spanSince = midnight;
            }
            if (spanSince < 0 || e.boot() != spanBoot) {
                spanSince = e.deviceTime();
                spanBoot = e.boot();
            }
            spanUntil = Math.max(spanUntil, e.deviceTime());
        }

        /** An ended span from spanSince, with the hours it covers marked, as lift_presence's trigger would. */
        private void writeSpan(Tables out, long until) {
            out.presence.text(model.liftId()).time(spanSince).time(until).end();
            hours.set(hour(spanSince), hour(until) + 1);
        }

        /**
         * The lift's marks, its newest counter sample in device order (ingest's counter_latest) and its latest state:
         * first heard, and the span in progress, heard until the end.
         */
        void finish(Tables out) {
            writeStatusDay(out);
            long first = Math.floorDiv(start, HOUR_MS);
            for (int h = hours.nextSetBit(0); h >= 0; h = hours.nextSetBit(h + 1)) {
                out.marks.text(model.liftId()).time((first + h) * HOUR_MS).end();
            }
            if (previous != null) {
                Envelope e = previous.envelope();
                out.latest.text(model.liftId()).time(e.deviceTime()).number(e.boot()).number(e.seq())
                        .number(previous.runs()).number(previous.runSeconds()).number(previous.doorCycles())
                        .number(previous.ropeBends()).decimal(previous.energyKwh()).end();
            }
            out.states.text(model.liftId()).time(firstSeen).time(end).time(spanSince).time(end).bool(true).bool(true).end();
        }
    }

    private interface Task<T> {
        T run(int stream) throws Exception;
    }

    /** {@code tasks} tasks on {@code width} threads; their results in order. */
    private static <T> List<T> parallel(int width, int tasks, Task<T> task) throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(width);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < tasks; i++) {
                int stream = i;
                futures.add(workers.submit((Callable<T>) () -> task.run(stream)));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            workers.shutdownNow();
        }
    }

    /** The day in China Standard Time of an instant, as an epoch day. */
    static long chinaDay(long epochMillis) {
        return Math.floorDiv(epochMillis + CHINA_OFFSET_MS, DAY_MS);
    }

    /** On TimescaleDB status_sample may be a hypertable, whose compression packs it; the job then does nothing. */
    private boolean statusIsHypertable() throws SQLException {
        try (Connection c = pool.getConnection(); Statement sql = c.createStatement()) {
            try (ResultSet r = sql.executeQuery(
                    "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb')")) {
                r.next();
                if (!r.getBoolean(1)) {
                    return false;
                }
            }
            try (ResultSet r = sql.executeQuery("SELECT EXISTS (SELECT 1 FROM timescaledb_information.hypertables"
                    + " WHERE hypertable_schema = current_schema() AND hypertable_name = 'status_sample')")) {
                r.next();
                return r.getBoolean(1);
            }
        }
    }

    private Map<String, String> statusCodes() throws SQLException {
        Map<String, String> codes = new HashMap<>();
        try (Connection c = pool.getConnection(); Statement sql = c.createStatement();
             ResultSet r = sql.executeQuery("SELECT kind || ':' || word, code FROM status_word")) {
            while (r.next()) {
                codes.put(r.getString(1), r.getString(2));
            }
        }
        return codes;
    }

    private String schema() throws SQLException {
        try (Connection c = pool.getConnection(); PreparedStatement q = c.prepareStatement(SCHEMA)) {
            for (int i = 1; i <= 3; i++) {
                q.setArray(i, c.createArrayOf("text", RAW));
            }
            try (ResultSet r = q.executeQuery()) {
                r.next();
                return r.getString(1);
            }
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
