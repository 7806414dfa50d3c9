package io.liftwatch.api.billing;

/**
 * The queries behind statements, pools, schemes and the fund. Periods are dates [from, to) in the
 * service's zone; the zone is a parameter wherever a timestamp is turned into a day.
 */
final class BillingSql {
    private BillingSql() {
    }

    static final String STAIRWELL_EXISTS = "SELECT 1 FROM stairwell WHERE id = ?";

    /** Taken before a statement is issued or a scheme recorded, so the two never race. */
    static final String LOCK_STAIRWELL = "SELECT 1 FROM stairwell WHERE id = ? FOR UPDATE";

    static final String HOUSEHOLDS = """
            SELECT id, flat, floor, area_m2, coalesce(residents, 0) AS residents FROM household
            WHERE stairwell_id = ? ORDER BY floor, flat""";

    /** The floor labels of the stairwell: its lifts' stops and its households' floors. */
    static final String FLOORS = """
            SELECT unnest(floor_labels) AS floor FROM lift WHERE stairwell_id = ?
            UNION SELECT floor FROM household WHERE stairwell_id = ?""";

    static final String PARTIES = """
            SELECT p.household_id, p.party, p.contact, p.valid_from, p.valid_to
            FROM household_party p JOIN household h ON h.id = p.household_id
            WHERE h.stairwell_id = ? ORDER BY p.household_id, p.valid_from""";

    /**
     * From the stairwell's runs in the period, two kinds of rows.
     * <p>
     * Rides per household and day (household_id set): a run counts once for each household whose valid
     * card was presented. Days let a flat's rides follow its responsible party when it changed hands
     * within the period.
     * <p>
     * One row of run totals (household_id null), so every run is accounted for: runs with rides, runs whose
     * cards were all outside their validity or unknown, runs without a card; and the presentations of
     * expired and unknown cards.
     * <p>
     * Both come from one join of the presentations (runs with cards only) to the cards; the runs without
     * a card are only counted. A subquery per run made the planner scan every card for every run.
     * Parameters: zone, stairwell, from, to, stairwell, from, to.
     */
    static final String RIDES_AND_RUN_TOTALS = """
            WITH presented AS (
                SELECT r.lift_id, r.ts, r.boot, r.seq, ran.day, c.id IS NULL AS unknown,
                       CASE WHEN ran.day >= c.valid_from AND (c.valid_to IS NULL OR ran.day < c.valid_to)
                            THEN c.household_id END AS riding_household
                FROM run r JOIN lift l ON l.id = r.lift_id
                CROSS JOIN LATERAL (SELECT (r.ts AT TIME ZONE ?)::date AS day) AS ran
                CROSS JOIN unnest(r.cards) AS p(card_id) LEFT JOIN card c ON c.id = p.card_id
                WHERE l.stairwell_id = ? AND r.ts >= ? AND r.ts < ? AND cardinality(r.cards) > 0
            ), per_run AS (
                SELECT count(riding_household) AS valid,
                       count(*) FILTER (WHERE riding_household IS NULL AND NOT unknown) AS expired,
                       count(*) FILTER (WHERE unknown) AS unknown
                FROM presented GROUP BY lift_id, ts, boot, seq
            ), rides AS (
                SELECT DISTINCT lift_id, ts, boot, seq, day, riding_household FROM presented
                WHERE riding_household IS NOT NULL
            )
            SELECT riding_household AS household_id, day, count(*) AS rides,
                   null::bigint AS runs, null::bigint AS runs_with_rides, null::bigint AS runs_with_invalid_cards_only,
                   null::bigint AS unattributed_runs, null::bigint AS expired_card_rides,
                   null::bigint AS unknown_card_rides
            FROM rides GROUP BY riding_household, day
            UNION ALL
            SELECT null, null, null, every_run.runs,
                   count(*) FILTER (WHERE per_run.valid > 0),
                   count(*) FILTER (WHERE per_run.valid = 0),
                   every_run.unattributed,
                   coalesce(sum(per_run.expired), 0),
                   coalesce(sum(per_run.unknown), 0)
            FROM (SELECT count(*) AS runs, count(*) FILTER (WHERE cardinality(r.cards) = 0) AS unattributed
                  FROM run r JOIN lift l ON l.id = r.lift_id
                  WHERE l.stairwell_id = ? AND r.ts >= ? AND r.ts < ?) AS every_run
            LEFT JOIN per_run ON true
            GROUP BY every_run.runs, every_run.unattributed""";

    /**
     * Energy and door cycles per day from the counters' deltas (a counter reset is a new baseline, never
     * negative).
     */
    static final String COUNTERS_PER_DAY = """
            SELECT (c.ts AT TIME ZONE ?)::date AS day, sum(c.d_energy_kwh) AS kwh, sum(c.d_door_cycles) AS door_cycles
            FROM counter_sample c JOIN lift l ON l.id = c.lift_id
            WHERE l.stairwell_id = ? AND c.ts >= ? AND c.ts < ?
            GROUP BY 1""";

    static final String SCHEMES = """
            SELECT effective_from, scheme, exempt_households, note, recorded_at, recorded_by FROM billing_scheme
            WHERE stairwell_id = ? ORDER BY effective_from""";

    static final String ADD_SCHEME = """
            INSERT INTO billing_scheme (stairwell_id, effective_from, scheme, exempt_households, note, recorded_by)
            VALUES (?, ?, ?::jsonb, ?, ?, ?)
            ON CONFLICT (stairwell_id, effective_from)
            DO UPDATE SET scheme = EXCLUDED.scheme, exempt_households = EXCLUDED.exempt_households,
                          note = EXCLUDED.note, recorded_at = now(), recorded_by = EXCLUDED.recorded_by""";

    /** The versions of the stairwell's schemes that were replaced by one recorded again for the same day. */
    static final String REPLACED_SCHEMES = """
            SELECT effective_from, scheme, exempt_households, note, recorded_at, recorded_by, replaced_at, replaced_by
            FROM billing_scheme_replaced WHERE stairwell_id = ? ORDER BY effective_from, replaced_at""";

    /** The end of the last period already stated: no scheme may take effect before it. */
    static final String STATED_UNTIL = "SELECT max(period_to) FROM statement WHERE stairwell_id = ?";

    /** Items whose own period overlaps [from, to): parameters stairwell, to, from. */
    static final String COSTS = """
            SELECT id, kind, period_from, period_to, amount_fen, tariff_fen_per_kwh, note, recorded_at, recorded_by
            FROM cost_item WHERE stairwell_id = ? AND period_from < ? AND period_to > ?
            ORDER BY period_from, id""";

    /** Every item of the stairwell, for the report of what is not yet billed. */
    static final String ALL_COSTS = """
            SELECT id, kind, period_from, period_to, amount_fen, tariff_fen_per_kwh, note, recorded_at, recorded_by
            FROM cost_item WHERE stairwell_id = ? ORDER BY period_from, id""";

    static final String ADD_COST_PART = """
            INSERT INTO statement_cost_part (statement_id, cost_item_id, part_from, part_to, fen)
            VALUES (?, ?, ?, ?, ?)""";

    /** The parts of the stairwell's items billed by statements still in force (not superseded). */
    static final String BILLED_PARTS = """
            SELECT p.cost_item_id, p.part_from, p.part_to, p.fen, p.statement_id
            FROM statement_cost_part p JOIN statement s ON s.id = p.statement_id
            WHERE s.stairwell_id = ? AND NOT EXISTS (SELECT 1 FROM statement n WHERE n.supersedes = s.id)
            ORDER BY p.cost_item_id, p.part_from""";

    static final String ADD_COST = """
            INSERT INTO cost_item (stairwell_id, period_from, period_to, kind, amount_fen, tariff_fen_per_kwh, note,
                                   recorded_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            RETURNING id, stairwell_id, kind, period_from, period_to, amount_fen, tariff_fen_per_kwh, note, recorded_at,
                      recorded_by""";

    static final String DELETE_COST = "DELETE FROM cost_item WHERE id = ?";

    static final String COST_STAIRWELL = "SELECT stairwell_id FROM cost_item WHERE id = ?";

    /** The statements that billed a part of the item, every version: each keeps its copy of the item. */
    static final String COST_BILLED_BY = """
            SELECT statement_id FROM statement_cost_part WHERE cost_item_id = ? ORDER BY statement_id""";

    /** Issued statements whose period meets [from, to), newest version of each period only. */
    static final String CURRENT_OVERLAPPING = """
            SELECT id, period_from, period_to, version FROM statement s
            WHERE stairwell_id = ? AND period_from < ? AND period_to > ?
              AND NOT EXISTS (SELECT 1 FROM statement n WHERE n.supersedes = s.id)""";

    static final String ADD_STATEMENT = """
            INSERT INTO statement (stairwell_id, period_from, period_to, version, supersedes, reason, pool_fen,
                                   charged_fen, scheme, inputs, issued_at, recorded_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, coalesce(?::timestamptz, now()), ?)
            RETURNING id, issued_at""";

    static final String ADD_LINE = """
            INSERT INTO statement_line (statement_id, line, household_id, flat, floor, party, days, rides, residents,
                                        area_m2, exempt, weight, weight_unit, fen)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    static final String STATEMENT = """
            SELECT s.id, s.stairwell_id, s.period_from, s.period_to, s.version, s.supersedes,
                   (SELECT n.id FROM statement n WHERE n.supersedes = s.id) AS superseded_by, s.reason, s.issued_at,
                   s.recorded_by, s.pool_fen, s.charged_fen, s.scheme, s.inputs
            FROM statement s WHERE s.id = ?""";

    /** The statement being corrected, locked; only the newest version of a period can be corrected. */
    static final String STATEMENT_TO_CORRECT = """
            SELECT s.stairwell_id, s.period_from, s.period_to, s.version,
                   (SELECT n.id FROM statement n WHERE n.supersedes = s.id) AS superseded_by
            FROM statement s WHERE s.id = ?""";

    static final String LINES = """
            SELECT household_id, flat, floor, party, days, rides, residents, area_m2, exempt, weight, weight_unit, fen
            FROM statement_line WHERE statement_id = ? ORDER BY line""";

    static final String STATEMENTS = """
            SELECT s.id, s.period_from, s.period_to, s.version, s.supersedes,
                   (SELECT n.id FROM statement n WHERE n.supersedes = s.id) AS superseded_by,
                   s.issued_at, s.recorded_by, s.pool_fen, s.charged_fen
            FROM statement s WHERE s.stairwell_id = ? ORDER BY s.period_from DESC, s.version DESC""";

    static final String ADD_FUND_ENTRY = """
            INSERT INTO fund_entry (stairwell_id, household_id, party, kind, amount_fen, on_date, statement_id, note,
                                    recorded_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""";

    static final String ADD_LEDGER_ENTRY = """
            INSERT INTO fund_entry (stairwell_id, household_id, party, kind, amount_fen, on_date, statement_id, note,
                                    reverses, recorded_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    static final String ADD_REVERSAL = ADD_LEDGER_ENTRY + " RETURNING id";

    /**
     * The charges a correction of the given statement reverses: every charge of it and of the versions
     * before it that no entry reverses yet.
     */
    static final String CHARGES_TO_REVERSE = """
            WITH RECURSIVE chain (id) AS (
                SELECT ?::bigint
                UNION ALL
                SELECT s.supersedes FROM statement s JOIN chain ON s.id = chain.id WHERE s.supersedes IS NOT NULL
            )
            SELECT f.id, f.statement_id, f.household_id, f.party, f.amount_fen FROM fund_entry f
            WHERE f.statement_id IN (SELECT id FROM chain) AND f.kind = 'charge' AND f.amount_fen <> 0
              AND NOT EXISTS (SELECT 1 FROM fund_entry r WHERE r.reverses = f.id)
            ORDER BY f.id""";

    /**
     * The book as it stood at the end of a day: entries dated on or before it and recorded before the next
     * day began, so what a past day shows never changes. Each with the fund's cash balance after it:
     * payments and income in, expenses out, and a reversal of one of them the opposite. Parameters: stairwell,
     * day after, start of the day after.
     */
    static final String FUND = """
            SELECT f.id, f.on_date, f.recorded_at, f.recorded_by, f.kind, f.household_id, f.party, f.amount_fen,
                   f.statement_id, f.reverses, f.note,
                   sum(CASE f.kind WHEN 'payment' THEN f.amount_fen WHEN 'income' THEN f.amount_fen
                                   WHEN 'expense' THEN -f.amount_fen
                                   WHEN 'reversal' THEN CASE o.kind WHEN 'payment' THEN -o.amount_fen
                                       WHEN 'income' THEN -o.amount_fen WHEN 'expense' THEN o.amount_fen ELSE 0 END
                                   ELSE 0 END)
                       OVER (ORDER BY f.on_date, f.id) AS balance_fen
            FROM fund_entry f LEFT JOIN fund_entry o ON o.id = f.reverses
            WHERE f.stairwell_id = ? AND f.on_date < ? AND f.recorded_at < ? ORDER BY f.on_date, f.id""";

    /** An entry a person recorded, to be reversed: payments, expenses and income (charges by corrections only). */
    static final String REVERSIBLE = """
            SELECT f.id, f.household_id, f.party, f.kind, f.amount_fen,
                   (SELECT r.id FROM fund_entry r WHERE r.reverses = f.id) AS reversed_by
            FROM fund_entry f WHERE f.id = ? AND f.stairwell_id = ?""";

    /**
     * Per responsible party of each flat, as the book stood at the end of a day: what its statements
     * charged, what corrections reversed of it, what it paid net of payments reversed, and what it still owes
     * (charged + reversed - paid). Parameters: stairwell, day after, start of the day after.
     */
    static final String ARREARS = """
            SELECT f.household_id, h.flat, h.floor, f.party,
                   coalesce(sum(f.amount_fen) FILTER (WHERE f.kind = 'charge'), 0) AS charged_fen,
                   coalesce(sum(f.amount_fen) FILTER (WHERE f.kind = 'reversal' AND o.kind = 'charge'), 0) AS reversed_fen,
                   coalesce(sum(f.amount_fen) FILTER (WHERE f.kind = 'payment'), 0)
                   - coalesce(sum(f.amount_fen) FILTER (WHERE f.kind = 'reversal' AND o.kind = 'payment'), 0) AS paid_fen,
                   sum(CASE f.kind WHEN 'payment' THEN -f.amount_fen ELSE f.amount_fen END) AS owed_fen
            FROM fund_entry f JOIN household h ON h.id = f.household_id LEFT JOIN fund_entry o ON o.id = f.reverses
            WHERE f.stairwell_id = ? AND f.kind IN ('charge', 'reversal', 'payment') AND f.on_date < ?
              AND f.recorded_at < ?
            GROUP BY f.household_id, h.flat, h.floor, f.party
            ORDER BY owed_fen DESC, h.floor, h.flat, f.party""";

    /** One party's entries for one flat, as the book stood at the end of a day, with what it owed after each. */
    static final String ACCOUNT = """
            SELECT id, on_date, recorded_at, recorded_by, kind, amount_fen, statement_id, reverses, note,
                   sum(CASE kind WHEN 'payment' THEN -amount_fen ELSE amount_fen END)
                       OVER (ORDER BY on_date, id) AS owed_fen
            FROM fund_entry
            WHERE stairwell_id = ? AND household_id = ? AND party = ? AND kind IN ('charge', 'reversal', 'payment')
              AND on_date < ? AND recorded_at < ?
            ORDER BY on_date, id""";

    /** Whether a party is, or was, responsible for a flat: in its timeline, or charged for it. */
    static final String PARTY_OF_HOUSEHOLD = """
            SELECT 1 FROM household_party WHERE household_id = ? AND party = ?
            UNION ALL
            SELECT 1 FROM fund_entry WHERE household_id = ? AND party = ? AND kind = 'charge'
            LIMIT 1""";

    static final String PARTIES_OF_HOUSEHOLD = """
            SELECT party FROM household_party WHERE household_id = ?
            UNION SELECT party FROM fund_entry WHERE household_id = ? AND kind = 'charge' AND party IS NOT NULL""";

    static final String HOUSEHOLD_OF_STAIRWELL = "SELECT 1 FROM household WHERE id = ? AND stairwell_id = ?";
}
