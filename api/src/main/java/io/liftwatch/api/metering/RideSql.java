package io.liftwatch.api.metering;

/** Ride metering: a run carries the cards presented; each household riding counts once per run. */
public final class RideSql {
    private RideSql() {
    }

    /**
     * Per household of the stairwell: rides in [from, to). A card counts for its household only inside
     * its validity (dates in the given zone). Runs of the stairwell's lifts only, read per hour and set of
     * cards from the hourly rollups (V33: raw rows for partial and not yet rolled-up hours), so a year is a
     * few thousand rows per lift. A run's date is its hour's: exact in zones of whole-hour offset.
     */
    public static final String RIDES_PER_HOUSEHOLD = """
            WITH runs AS (
                SELECT l.id AS lift_id, x.hour, x.cards, x.runs
                FROM (SELECT ?::text AS stairwell, ?::timestamptz AS from_ts, ?::timestamptz AS to_ts) p
                JOIN lift l ON l.stairwell_id = p.stairwell
                CROSS JOIN LATERAL lift_run_cards(l.id, p.from_ts, p.to_ts) x
                WHERE cardinality(x.cards) > 0
            ), rides AS (
                SELECT DISTINCT runs.lift_id, runs.hour, runs.cards, runs.runs, c.household_id
                FROM runs
                CROSS JOIN unnest(runs.cards) AS presented(card_id)
                JOIN card c ON c.id = presented.card_id
                 AND (runs.hour AT TIME ZONE ?)::date >= c.valid_from
                 AND (c.valid_to IS NULL OR (runs.hour AT TIME ZONE ?)::date < c.valid_to)
            )
            SELECT h.id AS household_id, h.flat, h.floor, coalesce(sum(rides.runs), 0)::bigint AS rides
            FROM household h LEFT JOIN rides ON rides.household_id = h.id
            WHERE h.stairwell_id = ?
            GROUP BY h.id, h.flat, h.floor
            ORDER BY h.floor, h.flat""";

    /**
     * Totals for the same period, so every run is accounted for: all runs = runs with rides (a valid card
     * presented) + runs whose cards were all outside their validity or unknown + runs without any card.
     * Beside them, the presentations that made no ride: cards outside their validity (expired or not yet
     * valid) and cards nobody registered; statements account for their runs with it too. Parameters: zone,
     * stairwell, from, to.
     */
    public static final String RUN_TOTALS = """
            SELECT count(*) AS runs,
                   count(*) FILTER (WHERE presented.valid > 0) AS runs_with_rides,
                   count(*) FILTER (WHERE cardinality(r.cards) > 0 AND presented.valid = 0) AS runs_with_invalid_cards_only,
                   count(*) FILTER (WHERE cardinality(r.cards) = 0) AS unattributed_runs,
                   coalesce(sum(presented.expired), 0) AS expired_card_rides,
                   coalesce(sum(presented.unknown), 0) AS unknown_card_rides
            FROM run r JOIN lift l ON l.id = r.lift_id
            CROSS JOIN LATERAL (
                SELECT count(*) FILTER (WHERE c.id IS NOT NULL AND valid_on.day >= c.valid_from
                                        AND (c.valid_to IS NULL OR valid_on.day < c.valid_to)) AS valid,
                       count(*) FILTER (WHERE c.id IS NOT NULL AND NOT (valid_on.day >= c.valid_from
                                        AND (c.valid_to IS NULL OR valid_on.day < c.valid_to))) AS expired,
                       count(*) FILTER (WHERE c.id IS NULL) AS unknown
                FROM (SELECT (r.ts AT TIME ZONE ?)::date AS day) AS valid_on
                CROSS JOIN unnest(r.cards) AS p(card_id) LEFT JOIN card c ON c.id = p.card_id
            ) AS presented
            WHERE l.stairwell_id = ? AND r.ts >= ? AND r.ts < ?""";
}
