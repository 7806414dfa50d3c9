package io.liftwatch.api.telemetry;

/** The API's telemetry queries. Each filters by lift and time first, matching the tables' primary keys. */
public final class TelemetrySql {
    private TelemetrySql() {
    }

    /** Lifts with their place, organisations and live state; every filter is optional. */
    public static final String LIFTS = """
            WITH p AS (SELECT ?::text AS district, ?::text AS street, ?::text AS community, ?::text AS grid_cell,
                              ?::text AS maintainer, ?::text AS use_unit, ?::boolean AS online, ?::text AS lift)
            SELECT l.id, l.stairwell_id, s.address, s.district_code, s.street, s.community, s.grid_cell,
                   s.building, s.unit, l.floor_labels, l.rated_load_kg, l.rated_speed_ms, l.model,
                   l.maintainer_id, m.name AS maintainer_name, l.use_unit_id, u.name AS use_unit_name,
                   l.service_start, l.emergency_id, l.use_cert_no,
                   coalesce(st.online, false) AS online, st.mode, st.moving, st.direction, st.floor,
                   st.door_zone, st.door_locked, st.passenger, st.power, st.load_pct, st.status_ts,
                   st.last_seen_at, st.clock_skew_ms, st.firmware
            FROM p CROSS JOIN lift l
            JOIN stairwell s ON s.id = l.stairwell_id
            LEFT JOIN organisation m ON m.id = l.maintainer_id
            LEFT JOIN organisation u ON u.id = l.use_unit_id
            LEFT JOIN lift_state st ON st.lift_id = l.id
            WHERE (p.district IS NULL OR s.district_code = p.district)
              AND (p.street IS NULL OR s.street = p.street)
              AND (p.community IS NULL OR s.community = p.community)
              AND (p.grid_cell IS NULL OR s.grid_cell = p.grid_cell)
              AND (p.maintainer IS NULL OR l.maintainer_id = p.maintainer)
              AND (p.use_unit IS NULL OR l.use_unit_id = p.use_unit)
              AND (p.online IS NULL OR coalesce(st.online, false) = p.online)
              AND (p.lift IS NULL OR l.id = p.lift)
            ORDER BY l.id
            LIMIT ? OFFSET ?""";

    public static final String RUNS = """
            SELECT ts AS ended_at, started_at, from_floor, to_floor, cards, boot, seq, received_at
            FROM run WHERE lift_id = ? AND ts >= ? AND ts < ? ORDER BY ts DESC, boot DESC, seq DESC LIMIT ?""";

    public static final String FAULTS = """
            SELECT ts, code, gbt_code, raised, floor, detail, boot, seq, received_at
            FROM fault WHERE lift_id = ? AND ts >= ? AND ts < ? ORDER BY ts DESC, boot DESC, seq DESC LIMIT ?""";

    public static final String EVENTS = """
            SELECT ts, type, gbt_code, floor, detail, boot, seq, received_at
            FROM lift_event WHERE lift_id = ? AND ts >= ? AND ts < ? ORDER BY ts DESC, boot DESC, seq DESC LIMIT ?""";

    public static final String COUNTERS = """
            SELECT ts, runs, run_seconds, door_cycles, rope_bends, energy_kwh, d_runs, d_run_seconds, d_door_cycles,
                   d_rope_bends, d_energy_kwh, reset, boot, seq, received_at
            FROM counter_sample WHERE lift_id = ? AND ts >= ? AND ts < ? ORDER BY ts DESC, boot DESC, seq DESC LIMIT ?""";

    /**
     * Sums of the counter deltas over the period: runs, running time, door cycles, energy. From the hourly
     * rollups, with raw rows for partial and not yet rolled-up hours (V33), so equal to summing raw rows.
     */
    public static final String COUNTER_TOTALS = """
            SELECT runs, run_seconds, door_cycles, rope_bends, energy_kwh, resets, samples
            FROM lift_counter_totals(?, ?::timestamptz, ?::timestamptz)""";

    public static final String DEAD_LETTERS = """
            WITH p AS (SELECT ?::text AS reason, ?::text AS lift, ?::bigint AS before_id)
            SELECT d.id, d.received_at, d.topic, d.lift_id, d.reason, d.detail, d.payload_size,
                   translate(encode(substring(d.payload FROM 1 FOR 2048), 'base64'), E'\n', '') AS payload_base64
            FROM p CROSS JOIN dead_letter d
            WHERE (p.reason IS NULL OR d.reason = p.reason) AND (p.lift IS NULL OR d.lift_id = p.lift)
              AND (p.before_id IS NULL OR d.id < p.before_id)
            ORDER BY d.id DESC LIMIT ?""";
}
