package io.liftwatch.ingest;

/**
 * Every statement ingest runs. Each takes whole batches as arrays ({@code unnest}), so one round trip
 * writes a batch of one kind; every insert is idempotent on the row key.
 */
final class IngestSql {
    private IngestSql() {
    }

    private static final String MS = "to_timestamp(%s / 1000.0)";

    static String ms(String column) {
        return String.format(MS, column);
    }

    static final String INSERT_STATUS = """
            INSERT INTO status_sample (lift_id, ts, boot, seq, received_at, mode, moving, direction, floor,
                                       door_zone, door_locked, passenger, power, up_limit, down_limit, load_pct, speed_ms)
            SELECT l, %s, b, s, %s, mo, mv, di, fl, dz, dl, pa, pw, ul, dw, ld, sp
            FROM unnest(?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::text[], ?::bool[], ?::text[],
                        ?::text[], ?::bool[], ?::bool[], ?::bool[], ?::text[], ?::bool[], ?::bool[], ?::int2[], ?::float4[])
                 AS x(l, t, b, s, r, mo, mv, di, fl, dz, dl, pa, pw, ul, dw, ld, sp)
            ON CONFLICT DO NOTHING
            """.formatted(ms("t"), ms("r"));

    static final String INSERT_RUN = """
            INSERT INTO run (lift_id, ts, boot, seq, received_at, started_at, from_floor, to_floor, cards)
            SELECT l, %s, b, s, %s, %s, f, tf, string_to_array(c, ',')
            FROM unnest(?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::text[], ?::text[],
                        ?::text[]) AS x(l, t, b, s, r, st, f, tf, c)
            ON CONFLICT DO NOTHING
            """.formatted(ms("t"), ms("r"), ms("st"));

    static final String INSERT_COUNTERS = """
            INSERT INTO counter_sample (lift_id, ts, boot, seq, received_at, runs, run_seconds, door_cycles, rope_bends,
                                        energy_kwh)
            SELECT l, %s, b, s, %s, ru, rs, dc, rb, en
            FROM unnest(?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[],
                        ?::bigint[], ?::bigint[], ?::numeric[]) AS x(l, t, b, s, r, ru, rs, dc, rb, en)
            ON CONFLICT DO NOTHING
            RETURNING lift_id, boot, seq
            """.formatted(ms("t"), ms("r"));

    /**
     * Recomputes the deltas of the samples just inserted and of the sample that follows each of them in
     * device order (its predecessor may have changed when a late sample arrived). Runs after the lifts'
     * advisory locks are held, so two instances never compute one lift's deltas at once.
     */
    static final String UPDATE_COUNTER_DELTAS = """
            WITH inserted AS (
                SELECT * FROM unnest(?::text[], ?::bigint[], ?::bigint[]) AS k(lift_id, boot, seq)
            ), targets AS (
                SELECT lift_id, boot, seq FROM inserted
                UNION
                SELECT n.lift_id, n.boot, n.seq
                FROM inserted i
                CROSS JOIN LATERAL (
                    SELECT c.lift_id, c.boot, c.seq FROM counter_sample c
                    WHERE c.lift_id = i.lift_id AND (c.boot, c.seq) > (i.boot, i.seq)
                    ORDER BY c.boot, c.seq LIMIT 1) n
            ), computed AS (
                SELECT t.lift_id, t.boot, t.seq, p.runs AS p_runs, p.run_seconds AS p_run_seconds,
                       p.door_cycles AS p_door_cycles, p.rope_bends AS p_rope_bends, p.energy_kwh AS p_energy_kwh
                FROM targets t
                LEFT JOIN LATERAL (
                    SELECT c.runs, c.run_seconds, c.door_cycles, c.rope_bends, c.energy_kwh FROM counter_sample c
                    WHERE c.lift_id = t.lift_id AND (c.boot, c.seq) < (t.boot, t.seq)
                    ORDER BY c.boot DESC, c.seq DESC LIMIT 1) p ON true
            )
            UPDATE counter_sample c SET
                d_runs        = CASE WHEN x.p_runs IS NULL OR c.runs < x.p_runs THEN 0 ELSE c.runs - x.p_runs END,
                d_run_seconds = CASE WHEN x.p_run_seconds IS NULL OR c.run_seconds < x.p_run_seconds THEN 0
                                     ELSE c.run_seconds - x.p_run_seconds END,
                d_door_cycles = CASE WHEN x.p_door_cycles IS NULL OR c.door_cycles < x.p_door_cycles THEN 0
                                     ELSE c.door_cycles - x.p_door_cycles END,
                d_rope_bends  = CASE WHEN x.p_rope_bends IS NULL OR c.rope_bends < x.p_rope_bends THEN 0
                                     ELSE c.rope_bends - x.p_rope_bends END,
                d_energy_kwh  = CASE WHEN x.p_energy_kwh IS NULL OR c.energy_kwh < x.p_energy_kwh THEN 0
                                     ELSE c.energy_kwh - x.p_energy_kwh END,
                reset         = x.p_runs IS NOT NULL AND (c.runs < x.p_runs OR c.run_seconds < x.p_run_seconds
                                     OR c.door_cycles < x.p_door_cycles OR c.rope_bends < x.p_rope_bends
                                     OR c.energy_kwh < x.p_energy_kwh)
            FROM computed x
            WHERE c.lift_id = x.lift_id AND c.boot = x.boot AND c.seq = x.seq
            RETURNING c.reset AND EXISTS (SELECT 1 FROM inserted i
                                          WHERE (i.lift_id, i.boot, i.seq) = (c.lift_id, c.boot, c.seq))
            """;

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
     * moves only forward in (boot, seq), so late or redelivered messages never move it back.
     */
    static final String UPSERT_LIFT_STATE = """
            INSERT INTO lift_state AS s (lift_id, status_boot, status_seq, status_ts, mode, moving, direction, floor,
                                         door_zone, door_locked, passenger, power, load_pct,
                                         conn_boot, conn_seq, conn_ts, online, firmware, last_seen_at, clock_skew_ms)
            SELECT l, sb, sq, %s, mo, mv, di, fl, dz, dl, pa, pw, ld, cb, cq, %s, o, fw, %s, sk
            FROM unnest(?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::text[], ?::bool[], ?::text[], ?::text[],
                        ?::bool[], ?::bool[], ?::bool[], ?::text[], ?::int2[],
                        ?::bigint[], ?::bigint[], ?::bigint[], ?::bool[], ?::text[], ?::bigint[], ?::bigint[])
                 AS x(l, sb, sq, st, mo, mv, di, fl, dz, dl, pa, pw, ld, cb, cq, ct, o, fw, seen, sk)
            ON CONFLICT (lift_id) DO UPDATE SET
                last_seen_at = GREATEST(s.last_seen_at, excluded.last_seen_at),
                clock_skew_ms = CASE WHEN excluded.last_seen_at >= s.last_seen_at OR s.last_seen_at IS NULL
                                     THEN excluded.clock_skew_ms ELSE s.clock_skew_ms END"""
            .formatted(ms("st"), ms("ct"), ms("seen"))
            + newer(STATUS_NEWER, "mode", "moving", "direction", "floor", "door_zone", "door_locked",
                    "passenger", "power", "load_pct", "status_ts")
            + newer(CONN_NEWER, "online", "firmware", "conn_ts")
            + newer(STATUS_NEWER, "status_seq", "status_boot")
            + newer(CONN_NEWER, "conn_seq", "conn_boot");

    static final String INSERT_DEAD_LETTERS = """
            INSERT INTO dead_letter (received_at, topic, lift_id, reason, detail, payload, payload_size)
            VALUES (%s, ?, ?, ?, ?, ?, ?)
            """.formatted(ms("?"));
}
