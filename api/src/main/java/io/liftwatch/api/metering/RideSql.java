package io.liftwatch.api.metering;

/** Ride metering: a run carries the cards presented; each household riding counts once per run. */
public final class RideSql {
    private RideSql() {
    }

    /**
     * Per household of the stairwell: rides in [from, to). A card counts for its household only inside
     * its validity (dates in the given zone). Runs of the stairwell's lifts only, read per day and set of
     * cards ({@code lift_run_cards}, V42): in China Standard Time the daily rollups answer for whole days
     * and raw runs for the rest, so a year is a few hundred rows per lift; in another zone every run is read.
     * Parameters: stairwell, from, to, zone, stairwell.
     */
    public static final String RIDES_PER_HOUSEHOLD = """
            WITH runs AS (
                SELECT l.id AS lift_id, x.day, x.cards, sum(x.runs) AS runs
                FROM (SELECT ?::text AS stairwell, ?::timestamptz AS from_ts, ?::timestamptz AS to_ts, ?::text AS zone) p
                JOIN lift l ON l.stairwell_id = p.stairwell
                CROSS JOIN LATERAL lift_run_cards(l.id, p.from_ts, p.to_ts, p.zone) x
                GROUP BY l.id, x.day, x.cards
            ), rides AS (
                SELECT DISTINCT runs.lift_id, runs.day, runs.cards, runs.runs, c.household_id
                FROM runs
                CROSS JOIN unnest(runs.cards) AS presented(card_id)
                JOIN card c ON c.id = presented.card_id
                 AND runs.day >= c.valid_from AND (c.valid_to IS NULL OR runs.day < c.valid_to)
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
     * valid) and cards nobody registered. The presentations are joined to the cards in one join, for the
     * runs with cards only (a subquery per run made the planner scan every card for every run).
     * Parameters: zone, stairwell, from, to, stairwell, from, to.
     */
    public static final String RUN_TOTALS = """
            WITH per_run AS (
                SELECT count(*) FILTER (WHERE ran.day >= c.valid_from
                                        AND (c.valid_to IS NULL OR ran.day < c.valid_to)) AS valid,
                       count(*) FILTER (WHERE NOT (ran.day >= c.valid_from
                                        AND (c.valid_to IS NULL OR ran.day < c.valid_to))) AS expired,
                       count(*) FILTER (WHERE c.id IS NULL) AS unknown
                FROM run r JOIN lift l ON l.id = r.lift_id
                CROSS JOIN LATERAL (SELECT (r.ts AT TIME ZONE ?)::date AS day) AS ran
                CROSS JOIN unnest(r.cards) AS p(card_id) LEFT JOIN card c ON c.id = p.card_id
                WHERE l.stairwell_id = ? AND r.ts >= ? AND r.ts < ? AND cardinality(r.cards) > 0
                GROUP BY r.lift_id, r.ts, r.boot, r.seq
            )
            SELECT every_run.runs,
                   count(*) FILTER (WHERE per_run.valid > 0) AS runs_with_rides,
                   count(*) FILTER (WHERE per_run.valid = 0) AS runs_with_invalid_cards_only,
                   every_run.unattributed AS unattributed_runs,
                   coalesce(sum(per_run.expired), 0) AS expired_card_rides,
                   coalesce(sum(per_run.unknown), 0) AS unknown_card_rides
            FROM (SELECT count(*) AS runs, count(*) FILTER (WHERE cardinality(r.cards) = 0) AS unattributed
                  FROM run r JOIN lift l ON l.id = r.lift_id
                  WHERE l.stairwell_id = ? AND r.ts >= ? AND r.ts < ?) AS every_run
            LEFT JOIN per_run ON true
            GROUP BY every_run.runs, every_run.unattributed""";
}
