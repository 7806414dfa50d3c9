package io.liftwatch.api.billing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A stairwell's costs for a period shared among its households, with every input that explains a share:
 * the pool's items, the scheme in effect, and per responsible party its days, rides, residents, area and
 * weight. Computed by {@link #compute}; once issued, stored as it was and never recomputed.
 */
public record Statement(String stairwellId, LocalDate from, LocalDate to, SchemeInEffect scheme, Pool pool,
                        RunTotals runs, long doorCycles, BigDecimal energyKwh, List<Line> lines) {

    public static final String SHARED_ROUNDING = "Each share is its exact proportion of the pool rounded down to"
            + " the fen; the fen left over go one each to the largest remainders, ties to the smaller household id"
            + " (largest remainder method), so the shares add up to the pool exactly and recomputing gives the same.";
    public static final String PRICED_ROUNDING = "Each household pays its counted rides times its floor's price"
            + " per ride in whole fen; the charges need not add up to the pool, and the difference stays with the"
            + " maintenance fund.";

    /**
     * Every run of the period accounted for: {@code runs = withRides + invalidCardsOnly + unattributed};
     * beside them the presentations of expired (outside their validity) and unknown cards, which made no ride.
     */
    public record RunTotals(long runs, long withRides, long invalidCardsOnly, long unattributed, long expiredCardRides,
                            long unknownCardRides) {
    }

    /** The scheme agreed for the stairwell from a date, and who rides free under it. */
    public record SchemeInEffect(LocalDate effectiveFrom, Scheme scheme, Set<String> exemptHouseholds) {
    }

    /** One flat's household as registered. */
    public record Household(String id, String flat, String floor, BigDecimal areaM2, int residents) {
    }

    /**
     * A responsible party's share of the period.
     *
     * @param weight in the scheme's own unit, {@code weightUnit}, before it is multiplied by the days
     */
    public record Line(String householdId, String flat, String floor, String party, int days, long rides,
                       int residents, BigDecimal areaM2, boolean exempt, BigDecimal weight, String weightUnit,
                       long fen) {
    }

    /** Everything a statement is computed from, as read for the stairwell and period. */
    public record Inputs(String stairwellId, LocalDate from, LocalDate to, SchemeInEffect scheme,
                         List<Household> households, Set<String> floors,
                         Map<String, List<Responsibility.Period>> parties,
                         Map<String, Map<LocalDate, Long>> ridesPerDay, RunTotals runs,
                         long doorCycles, Map<LocalDate, BigDecimal> kwhPerDay, List<Pool.Recorded> costs) {
    }

    /**
     * @throws IllegalArgumentException when the inputs cannot make a statement: a scheme that does not fit
     *                                  the households ({@link SchemeCheck}), flats that are not exempt and
     *                                  have days without a responsible party (all of them named), a metered
     *                                  period without rides
     */
    public static Statement compute(Inputs in) {
        try {
            SchemeCheck.check(in.scheme().scheme(), in.scheme().exemptHouseholds(), in.households(), in.floors());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the scheme in effect from " + in.scheme().effectiveFrom()
                    + " does not fit the stairwell's households: " + e.getMessage());
        }
        Pool pool = Pool.of(in.costs(), in.kwhPerDay(), in.from(), in.to());
        List<CostSharing.Participant> participants = new ArrayList<>();
        List<Line> unpriced = new ArrayList<>();
        List<String> unanswered = new ArrayList<>();
        for (Household h : in.households()) {
            List<Responsibility.Days> segments;
            try {
                segments = segments(in, h);
            } catch (IllegalArgumentException e) {
                unanswered.add(e.getMessage());
                continue;
            }
            for (int i = 0; i < segments.size(); i++) {
                Responsibility.Days segment = segments.get(i);
                long rides = in.ridesPerDay().getOrDefault(h.id(), Map.of()).entrySet().stream()
                        .filter(day -> !day.getKey().isBefore(segment.from()) && day.getKey().isBefore(segment.to()))
                        .mapToLong(Map.Entry::getValue).sum();
                boolean exempt = in.scheme().exemptHouseholds().contains(h.id());
                String id = segments.size() == 1 ? h.id() : h.id() + "#" + (i + 1);
                participants.add(new CostSharing.Participant(id, h.floor(), h.areaM2(), h.residents(), rides,
                        (int) segment.days(), exempt));
                unpriced.add(new Line(h.id(), h.flat(), h.floor(), segment.party(), (int) segment.days(), rides,
                        h.residents(), h.areaM2(), exempt, null, null, 0));
            }
        }
        if (!unanswered.isEmpty()) {
            throw new IllegalArgumentException("every flat that is not exempt needs a responsible party for every"
                    + " day of the period (PUT /households/{id}/parties): " + String.join("; ", unanswered));
        }
        List<CostSharing.Share> shares = CostSharing.share(pool.poolFen(), participants, in.scheme().scheme());
        List<Line> lines = new ArrayList<>();
        String unit = CostSharing.unit(in.scheme().scheme());
        for (int i = 0; i < unpriced.size(); i++) {
            Line line = unpriced.get(i);
            CostSharing.Share share = shares.get(i);
            lines.add(new Line(line.householdId(), line.flat(), line.floor(), line.party(), line.days(), line.rides(),
                    line.residents(), line.areaM2(), line.exempt(), share.weight(), unit, share.fen()));
        }
        BigDecimal kwh = in.kwhPerDay().values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        return new Statement(in.stairwellId(), in.from(), in.to(), in.scheme(), pool, in.runs(),
                in.doorCycles(), kwh, List.copyOf(lines));
    }

    /**
     * The flat's responsible parties within the period, which must cover every day of it (a party may
     * begin or end mid-period if another covers the rest). An exempt flat owes nothing, so without a
     * party covering the period it is stated as one line without a party.
     *
     * @throws IllegalArgumentException naming the flat and the days nobody answers for
     */
    private static List<Responsibility.Days> segments(Inputs in, Household h) {
        List<Responsibility.Period> timeline = in.parties().getOrDefault(h.id(), List.of());
        boolean exempt = in.scheme().exemptHouseholds().contains(h.id());
        try {
            if (timeline.isEmpty()) {
                throw new IllegalArgumentException("it has no responsible party");
            }
            return Responsibility.daysWithin(timeline, in.from(), in.to());
        } catch (IllegalArgumentException e) {
            if (exempt) {
                return List.of(new Responsibility.Days(null, null, in.from(), in.to()));
            }
            throw new IllegalArgumentException("flat " + h.flat() + " (household " + h.id() + "): " + e.getMessage());
        }
    }

    public long chargedFen() {
        return lines.stream().mapToLong(Line::fen).sum();
    }

    public String rounding() {
        return scheme.scheme() instanceof Scheme.PricePerRide ? PRICED_ROUNDING : SHARED_ROUNDING;
    }

    /** Everything but the lines and the scheme: what an issued statement keeps as its inputs. */
    public JsonObject inputsJson() {
        return new JsonObject().put("stairwellId", stairwellId).put("periodFrom", from.toString())
                .put("periodTo", to.toString()).put("schemeEffectiveFrom", scheme.effectiveFrom().toString())
                .put("exemptHouseholds", new JsonArray(scheme.exemptHouseholds().stream().sorted().toList()))
                .put("pool", pool.toJson())
                .put("totals", new JsonObject().put("runs", runs.runs()).put("runsWithRides", runs.withRides())
                        .put("runsWithInvalidCardsOnly", runs.invalidCardsOnly())
                        .put("unattributedRuns", runs.unattributed()).put("expiredCardRides", runs.expiredCardRides())
                        .put("unknownCardRides", runs.unknownCardRides())
                        .put("rides", lines.stream().mapToLong(Line::rides).sum()).put("doorCycles", doorCycles)
                        .put("energyKwh", energyKwh))
                .put("rounding", rounding());
    }

    public JsonObject toJson() {
        JsonArray items = new JsonArray();
        for (Line line : lines) {
            items.add(new JsonObject().put("householdId", line.householdId()).put("flat", line.flat())
                    .put("floor", line.floor()).put("party", line.party()).put("days", line.days())
                    .put("rides", line.rides()).put("residents", line.residents()).put("areaM2", line.areaM2())
                    .put("exempt", line.exempt()).put("weight", line.weight()).put("weightUnit", line.weightUnit())
                    .put("fen", line.fen()));
        }
        return inputsJson().put("scheme", SchemeJson.toJson(scheme.scheme())).put("poolFen", pool.poolFen())
                .put("chargedFen", chargedFen()).put("lines", items);
    }
}
