package io.liftwatch.ingest;

/**
 * Every statement ingest runs. Each takes whole batches as arrays ({@code unnest}), so one round trip
 * writes a batch of one kind; every insert is idempotent on the row key.
 */
final class IngestSql {
    private IngestSql() {
    }

    /**
     * Epoch milliseconds to timestamptz. Through float8, not numeric ({@code / 1000.0}): numeric reaches
     * to_timestamp by way of its text form, which costs a third of a microsecond per value. A float8 holds
     * any epoch millisecond of this era exactly enough that the result is the same to the microsecond.
     */
    private static final String MS = "to_timestamp(%s::float8 / 1000)";

    static String ms(String column) {
        return String.format(MS, column);
    }

    /**
     * Mode, direction and power are stored as their one-byte codes (V43), looked up in {@code status_word} by
     * joins: as calls of {@code status_code()}, a SQL function PostgreSQL cannot inline, each row ran three
     * queries of its own. A word it does not know joins to null, which the NOT NULL columns refuse. A row whose key
     * its lift-day's packed row already holds (V53) is a redelivery and is not stored again: once its day is packed,
     * {@code status_sample}'s key no longer holds it. The packed rows are looked up only for the rows this statement
     * writes: late ones, redelivered ones and a lift's first ({@link StatusChanges}).
     */
    static final String INSERT_STATUS = """
            INSERT INTO status_sample (lift_id, ts, boot, seq, received_at, mode, moving, direction, floor,
                                       door_zone, door_locked, passenger, power, up_limit, down_limit, load_pct, speed_ms)
            SELECT l, %1$s, b, s, %2$s, m.code, mv, d.code, fl, dz, dl, pa, p.code, ul, dw, ld, sp
            FROM unnest(?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::text[], ?::bool[], ?::text[],
                        ?::text[], ?::bool[], ?::bool[], ?::bool[], ?::text[], ?::bool[], ?::bool[], ?::int2[], ?::float4[])
                 AS x(l, t, b, s, r, mo, mv, di, fl, dz, dl, pa, pw, ul, dw, ld, sp)
            LEFT JOIN status_word m ON m.kind = 'mode' AND m.word = x.mo
            LEFT JOIN status_word d ON d.kind = 'direction' AND d.word = x.di
            LEFT JOIN status_word p ON p.kind = 'power' AND p.word = x.pw
            WHERE NOT EXISTS (
                SELECT FROM status_day k CROSS JOIN LATERAL unnest(k.ts, k.boot, k.seq) AS u(ts, boot, seq)
                WHERE k.lift_id = x.l AND k.day = (%1$s AT TIME ZONE 'Asia/Shanghai')::date
                  AND u.ts = %1$s AND u.boot = x.b AND u.seq = x.s)
            ON CONFLICT DO NOTHING
            """.formatted(ms("t"), ms("r"));

    /** {@link StatusCopy}'s rows, in its binary format: the words as their codes. */
    static final String COPY_STATUS = """
            COPY status_sample (lift_id, ts, boot, seq, received_at, speed_ms, load_pct, moving, door_zone, door_locked,
                                passenger, up_limit, down_limit, mode, direction, power, floor) FROM STDIN (FORMAT binary)""";

    static final String STATUS_WORDS = "SELECT kind, word, code FROM status_word";

    static final String INSERT_RUN = """
            INSERT INTO run (lift_id, ts, boot, seq, received_at, started_at, from_floor, to_floor, cards)
            SELECT l, %s, b, s, %s, %s, f, tf, string_to_array(c, ',')
            FROM unnest(?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::text[], ?::text[],
                        ?::text[]) AS x(l, t, b, s, r, st, f, tf, c)
            ON CONFLICT DO NOTHING
            """.formatted(ms("t"), ms("r"), ms("st"));

    /** The five cumulative counters of a sample, in table order. */
    private static final String[] COUNTERS = {"runs", "run_seconds", "door_cycles", "rope_bends", "energy_kwh"};

    /**
     * The increase of each counter over the previous sample's ({@code p.…}), 0 where there is none or a
     * counter dropped, then whether one dropped: a drop starts a new baseline, never a negative delta.
     * {@code current} qualifies the sample's own columns.
     */
    private static String deltas(String current) {
        StringBuilder sql = new StringBuilder();
        StringBuilder reset = new StringBuilder("p.runs IS NOT NULL AND (");
        for (int i = 0; i < COUNTERS.length; i++) {
            String now = current + COUNTERS[i];
            String before = "p." + COUNTERS[i];
            sql.append("CASE WHEN ").append(before).append(" IS NULL OR ").append(now).append(" < ").append(before)
                    .append(" THEN 0 ELSE ").append(now).append(" - ").append(before).append(" END AS d_")
                    .append(COUNTERS[i]).append(",\n       ");
            reset.append(i == 0 ? "" : " OR ").append(now).append(" < ").append(before);
        }
        return sql.append(reset).append(") AS reset").toString();
    }

    /**
     * Inserts a batch of counter samples with their deltas computed in the same statement, and moves each
     * lift's {@code counter_latest} forward. A sample's predecessor in device order is the latest of the one
     * before it in the batch and the lift's latest stored sample. A sample that the latest stored one follows
     * (a late arrival) is not inserted here but returned as {@code deferred}, for {@link #INSERT_LATE_COUNTERS}:
     * so the statement that every batch runs reads no history, and its plan holds no partition or chunk of
     * {@code counter_sample}, however many a year makes. Returns the inserted keys with whether each is a reset,
     * then the deferred keys. Runs after the lifts' advisory locks are held, so two instances never compute one
     * lift's deltas at once.
     */
    static final String INSERT_COUNTERS = insertCounters(false);

    /**
     * {@link #INSERT_COUNTERS} for late samples: a sample's predecessor may also be the last sample stored before
     * it at or after the time bound (the last parameter), so old partitions or chunks are never planned or read.
     * Returns the inserted keys, whether each is a reset, whether a stored sample follows it in device order
     * ({@code followed}: that one's delta must be recomputed, {@link #FIND_SUCCESSORS}), and whether it found no
     * predecessor inside the bound ({@code orphan}: recomputed without the bound). The in-batch predecessors of a
     * late sample are late too, so the deferred samples alone carry all they need.
     */
    static final String INSERT_LATE_COUNTERS = insertCounters(true);

    private static String insertCounters(boolean late) {
        String stored = !late ? "" : """
                            UNION ALL
                            (SELECT c.boot, c.seq, c.runs, c.run_seconds, c.door_cycles, c.rope_bends, c.energy_kwh
                             FROM counter_sample c
                             WHERE o.followed AND c.lift_id = o.l AND c.ts >= %s AND (c.boot, c.seq) < (o.b, o.s)
                             ORDER BY c.boot DESC, c.seq DESC LIMIT 1)""".formatted(ms("?"));
        String deferred = late ? "" : """

                UNION ALL
                SELECT l, b, s, false, true, false, true FROM computed WHERE followed""";
        return """
                WITH batch AS (
                    SELECT DISTINCT ON (l, b, s) l, t, b, s, r, runs, run_seconds, door_cycles, rope_bends, energy_kwh
                    FROM unnest(?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[],
                                ?::bigint[], ?::bigint[], ?::numeric[])
                         AS x(l, t, b, s, r, runs, run_seconds, door_cycles, rope_bends, energy_kwh)
                    ORDER BY l, b, s
                ), ordered AS (
                    SELECT x.*, lag(b) OVER w AS pb, lag(s) OVER w AS ps, lag(x.runs) OVER w AS p_runs,
                           lag(x.run_seconds) OVER w AS p_run_seconds, lag(x.door_cycles) OVER w AS p_door_cycles,
                           lag(x.rope_bends) OVER w AS p_rope_bends, lag(x.energy_kwh) OVER w AS p_energy_kwh,
                           coalesce((k.boot, k.seq) > (x.b, x.s), false) AS followed
                    FROM batch x LEFT JOIN counter_latest k ON k.lift_id = x.l
                    WINDOW w AS (PARTITION BY x.l ORDER BY x.b, x.s)
                ), computed AS (
                    SELECT o.l, o.t, o.b, o.s, o.r, o.runs, o.run_seconds, o.door_cycles, o.rope_bends, o.energy_kwh,
                           o.followed, o.followed AND p.runs IS NULL AS orphan,
                           %s
                    FROM ordered o
                    LEFT JOIN LATERAL (
                        SELECT * FROM (
                            SELECT o.pb AS boot, o.ps AS seq, o.p_runs AS runs, o.p_run_seconds AS run_seconds,
                                   o.p_door_cycles AS door_cycles, o.p_rope_bends AS rope_bends,
                                   o.p_energy_kwh AS energy_kwh
                            WHERE o.pb IS NOT NULL
                            UNION ALL
                            SELECT k.boot, k.seq, k.runs, k.run_seconds, k.door_cycles, k.rope_bends, k.energy_kwh
                            FROM counter_latest k WHERE k.lift_id = o.l AND (k.boot, k.seq) < (o.b, o.s)%s
                        ) candidate ORDER BY boot DESC, seq DESC LIMIT 1) p ON true
                ), inserted AS (
                    INSERT INTO counter_sample AS n (lift_id, ts, boot, seq, received_at, runs, run_seconds, door_cycles,
                                                     rope_bends, energy_kwh, d_runs, d_run_seconds, d_door_cycles,
                                                     d_rope_bends, d_energy_kwh, reset)
                    SELECT l, %s, b, s, %s, runs, run_seconds, door_cycles, rope_bends, energy_kwh,
                           d_runs, d_run_seconds, d_door_cycles, d_rope_bends, d_energy_kwh, reset
                    FROM computed WHERE %s
                    ON CONFLICT DO NOTHING
                    RETURNING n.lift_id, n.boot, n.seq, n.reset
                ), latest AS (
                    INSERT INTO counter_latest AS k (lift_id, ts, boot, seq, runs, run_seconds, door_cycles, rope_bends,
                                                     energy_kwh)
                    SELECT DISTINCT ON (l) l, %s, b, s, runs, run_seconds, door_cycles, rope_bends, energy_kwh
                    FROM computed ORDER BY l, b DESC, s DESC
                    ON CONFLICT (lift_id) DO UPDATE SET (ts, boot, seq, runs, run_seconds, door_cycles, rope_bends,
                                                         energy_kwh) =
                        (excluded.ts, excluded.boot, excluded.seq, excluded.runs, excluded.run_seconds,
                         excluded.door_cycles, excluded.rope_bends, excluded.energy_kwh)
                    WHERE (excluded.boot, excluded.seq) > (k.boot, k.seq)
                )
                SELECT i.lift_id, i.boot, i.seq, i.reset, c.followed, c.orphan, false AS deferred
                FROM inserted i JOIN computed c ON c.l = i.lift_id AND c.b = i.boot AND c.s = i.seq%s
                """.formatted(deltas("o."), stored, ms("t"), ms("r"), late ? "true" : "NOT followed", ms("t"), deferred);
    }

    /**
     * The sample that follows each given one in device order, one row per given sample that has one,
     * searched at or after the time bound (the last parameter). The caller searches again without the
     * bound when fewer rows come back than samples went in.
     */
    static final String FIND_SUCCESSORS = """
            SELECT n.lift_id, n.boot, n.seq
            FROM unnest(?::text[], ?::bigint[], ?::bigint[]) AS a(lift_id, boot, seq)
            CROSS JOIN LATERAL (
                SELECT c.lift_id, c.boot, c.seq FROM counter_sample c
                WHERE c.lift_id = a.lift_id AND c.ts >= %s AND (c.boot, c.seq) > (a.boot, a.seq)
                ORDER BY c.boot, c.seq LIMIT 1) n
            """.formatted(ms("?"));

    /**
     * Recomputes the deltas of the given stored samples from their predecessors in device order, each
     * sample and predecessor searched at or after the time bound (the last three parameters, equal).
     */
    static final String RECOMPUTE_DELTAS = """
            WITH targets AS (
                SELECT * FROM unnest(?::text[], ?::bigint[], ?::bigint[]) AS k(lift_id, boot, seq)
            ), computed AS (
                SELECT s.lift_id, s.ts, s.boot, s.seq,
                       %s
                FROM targets t
                JOIN counter_sample s ON s.lift_id = t.lift_id AND s.boot = t.boot AND s.seq = t.seq AND s.ts >= %s
                LEFT JOIN LATERAL (
                    SELECT q.runs, q.run_seconds, q.door_cycles, q.rope_bends, q.energy_kwh FROM counter_sample q
                    WHERE q.lift_id = t.lift_id AND q.ts >= %s AND (q.boot, q.seq) < (t.boot, t.seq)
                    ORDER BY q.boot DESC, q.seq DESC LIMIT 1) p ON true
            )
            UPDATE counter_sample c SET (d_runs, d_run_seconds, d_door_cycles, d_rope_bends, d_energy_kwh, reset) =
                (x.d_runs, x.d_run_seconds, x.d_door_cycles, x.d_rope_bends, x.d_energy_kwh, x.reset)
            FROM computed x
            WHERE c.lift_id = x.lift_id AND c.ts = x.ts AND c.boot = x.boot AND c.seq = x.seq AND c.ts >= %s
            """.formatted(deltas("s."), ms("?"), ms("?"), ms("?"));

    /** Serialises counter-delta work per lift across ingest instances; taken in lift order, so no deadlock. */
    static final String LOCK_LIFTS = "SELECT count(pg_advisory_xact_lock(hashtext(l))) FROM unnest(?::text[]) AS x(l)";

    static final String INSERT_FAULTS = """
            INSERT INTO fault (lift_id, ts, boot, seq, received_at, code, gbt_code, raised, floor, detail)
            SELECT l, %s, b, s, %s, co, g, ra, fl, de
            FROM unnest(?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::text[], ?::int4[], ?::bool[],
                        ?::text[], ?::text[]) AS x(l, t, b, s, r, co, g, ra, fl, de)
            ON CONFLICT DO NOTHING
            """.formatted(ms("t"), ms("r"));

    static final String INSERT_EVENTS = """
            INSERT INTO lift_event (lift_id, ts, boot, seq, received_at, type, gbt_code, floor, detail)
            SELECT l, %s, b, s, %s, ty, g, fl, de
            FROM unnest(?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::text[], ?::int4[], ?::text[],
                        ?::text[]) AS x(l, t, b, s, r, ty, g, fl, de)
            ON CONFLICT DO NOTHING
            """.formatted(ms("t"), ms("r"));

    static final String INSERT_CONNECTIONS = """
            INSERT INTO connection_event (lift_id, ts, boot, seq, received_at, online, firmware)
            SELECT l, %s, b, s, %s, o, fw
            FROM unnest(?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bool[], ?::text[])
                 AS x(l, t, b, s, r, o, fw)
            ON CONFLICT DO NOTHING
            """.formatted(ms("t"), ms("r"));

    private static final String STATUS_NEWER = "(excluded.status_boot IS NOT NULL AND (s.status_boot IS NULL"
            + " OR (excluded.status_boot, excluded.status_seq) > (s.status_boot, s.status_seq)))";
    private static final String CONN_NEWER = "(excluded.conn_boot IS NOT NULL AND (s.conn_boot IS NULL"
            + " OR (excluded.conn_boot, excluded.conn_seq) > (s.conn_boot, s.conn_seq)))";

    private static String newer(String condition, String... columns) {
        StringBuilder sql = new StringBuilder();
        for (String column : columns) {
            sql.append(",\n    ").append(column).append(" = CASE WHEN ").append(condition)
                    .append(" THEN excluded.").append(column).append(" ELSE s.").append(column).append(" END");
        }
        return sql.toString();
    }

    /**
     * One upsert per batch for all parts of the latest state, one row per lift in lift order: each part
     * moves only forward in (boot, seq), so late or redelivered messages never move it back. The presence
     * span was computed under the row's lock ({@link #LOCK_STATES}) and is set as computed.
     */
    static final String UPSERT_LIFT_STATE = """
            INSERT INTO lift_state AS s (lift_id, status_boot, status_seq, status_ts, mode, moving, direction, floor,
                                         door_zone, door_locked, passenger, power, load_pct,
                                         conn_boot, conn_seq, conn_ts, online, firmware, last_seen_at, clock_skew_ms,
                                         up_limit, down_limit, speed_ms, status_repeats, first_seen_at,
                                         presence_since, presence_until, presence_open)
            SELECT l, sb, sq, %s, mo, mv, di, fl, dz, dl, pa, pw, ld, cb, cq, %s, o, fw, %s, sk,
                   ul, dw, sp, rp, %s, %s, %s, coalesce(po, false)
            FROM unnest(?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::text[], ?::bool[], ?::text[], ?::text[],
                        ?::bool[], ?::bool[], ?::bool[], ?::text[], ?::int2[],
                        ?::bigint[], ?::bigint[], ?::bigint[], ?::bool[], ?::text[], ?::bigint[], ?::bigint[],
                        ?::bool[], ?::bool[], ?::float4[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bool[])
                 AS x(l, sb, sq, st, mo, mv, di, fl, dz, dl, pa, pw, ld, cb, cq, ct, o, fw, seen, sk,
                      ul, dw, sp, rp, fs, ps, pu, po)
            ON CONFLICT (lift_id) DO UPDATE SET
                last_seen_at = GREATEST(s.last_seen_at, excluded.last_seen_at),
                clock_skew_ms = CASE WHEN excluded.last_seen_at >= s.last_seen_at OR s.last_seen_at IS NULL
                                     THEN excluded.clock_skew_ms ELSE s.clock_skew_ms END,
                status_repeats = s.status_repeats + excluded.status_repeats,
                first_seen_at = LEAST(s.first_seen_at, excluded.first_seen_at),
                presence_since = coalesce(excluded.presence_since, s.presence_since),
                presence_until = coalesce(excluded.presence_until, s.presence_until),
                presence_open = CASE WHEN excluded.presence_since IS NULL THEN s.presence_open
                                     ELSE excluded.presence_open END"""
            .formatted(ms("st"), ms("ct"), ms("seen"), ms("fs"), ms("ps"), ms("pu"))
            + newer(STATUS_NEWER, "mode", "moving", "direction", "floor", "door_zone", "door_locked",
                    "passenger", "power", "load_pct", "up_limit", "down_limit", "speed_ms", "status_ts")
            + newer(CONN_NEWER, "online", "firmware", "conn_ts")
            + newer(STATUS_NEWER, "status_seq", "status_boot")
            + newer(CONN_NEWER, "conn_seq", "conn_boot");

    /**
     * Locks the batch's lifts' rows of {@code lift_state} in lift order and reads what the batch continues:
     * the latest status (a repeat of it is not stored) and the presence span. Taken first in the
     * transaction, so two instances never decide on one lift's repeats or span at once. The span's ends as
     * epoch milliseconds through {@code date_part}'s float8, exact for times stored to the millisecond:
     * {@code extract} computes in numeric, at twice the cost.
     */
    static final String LOCK_STATES = """
            SELECT lift_id, status_boot, status_seq, mode, moving, direction, floor, door_zone, door_locked, passenger,
                   power, up_limit, down_limit, load_pct, speed_ms,
                   (date_part('epoch', presence_since) * 1000)::bigint AS presence_since,
                   (date_part('epoch', presence_until) * 1000)::bigint AS presence_until, presence_open
            FROM lift_state WHERE lift_id = ANY (?::text[]) ORDER BY lift_id FOR UPDATE""";

    /** Presence spans that ended in the batch. */
    static final String INSERT_PRESENCE = """
            INSERT INTO lift_presence (lift_id, since, until)
            SELECT l, %s, %s FROM unnest(?::text[], ?::bigint[], ?::bigint[]) AS x(l, f, u)
            ON CONFLICT (lift_id, since) DO UPDATE SET until = GREATEST(lift_presence.until, excluded.until)
            """.formatted(ms("f"), ms("u"));

    static final String INSERT_DEAD_LETTERS = """
            INSERT INTO dead_letter (received_at, topic, lift_id, reason, detail, payload, payload_size)
            VALUES (%s, ?, ?, ?, ?, ?, ?)
            """.formatted(ms("?"));
}
