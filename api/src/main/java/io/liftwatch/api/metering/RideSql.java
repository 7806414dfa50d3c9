package io.liftwatch.api.metering;

/** Ride metering: a run carries the cards presented; each household riding counts once per run. */
final class RideSql {
    private RideSql() {
    }

    /**
     * Per household of the stairwell: rides in [from, to). A card counts for its household only inside
     * its validity (dates in the given zone). Runs of the stairwell's lifts only.
     */
    static final String RIDES_PER_HOUSEHOLD = """
            WITH runs AS (
                SELECT r.lift_id, r.ts, r.boot, r.seq, r.cards
                FROM run r JOIN lift l ON l.id = r.lift_id
                WHERE l.stairwell_id = ? AND r.ts >= ? AND r.ts < ?
            ), rides AS (
                SELECT DISTINCT runs.lift_id, runs.ts, runs.boot, runs.seq, c.household_id
                FROM runs
                CROSS JOIN unnest(runs.cards) AS presented(card_id)
                JOIN card c ON c.id = presented.card_id
                 AND (runs.ts AT TIME ZONE ?)::date >= c.valid_from
                 AND (c.valid_to IS NULL OR (runs.ts AT TIME ZONE ?)::date < c.valid_to)
            )
            SELECT h.id AS household_id, h.flat, h.floor, count(rides.household_id) AS rides
            FROM household h LEFT JOIN rides ON rides.household_id = h.id
            WHERE h.stairwell_id = ?
            GROUP BY h.id, h.flat, h.floor
            ORDER BY h.floor, h.flat""";

    /** Totals for the same period: all runs, runs without any card, and presented cards nobody owns. */
    static final String RUN_TOTALS = """
            WITH runs AS (
                SELECT r.cards FROM run r JOIN lift l ON l.id = r.lift_id
                WHERE l.stairwell_id = ? AND r.ts >= ? AND r.ts < ?
            )
            SELECT count(*) AS runs,
                   count(*) FILTER (WHERE cardinality(cards) = 0) AS unattributed_runs,
                   (SELECT count(*) FROM runs CROSS JOIN unnest(runs.cards) AS p(card_id)
                    WHERE NOT EXISTS (SELECT 1 FROM card c WHERE c.id = p.card_id)) AS unknown_card_rides
            FROM runs""";
}
