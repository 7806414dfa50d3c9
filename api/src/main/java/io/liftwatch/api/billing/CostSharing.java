package io.liftwatch.api.billing;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stairwell's pool shared among its households under a scheme, to the fen. A household responsible
 * for only part of the period (a sale, a new tenant) weighs in proportion to its days; an exempt one
 * weighs nothing. The shares always add up to the pool exactly ({@link Allocation}).
 */
public final class CostSharing {

    /**
     * One household's part in the period.
     *
     * @param days  days of the period it was responsible for
     * @param rides rides counted on its cards in the period
     */
    public record Participant(String householdId, String floor, BigDecimal areaM2, int residents, long rides,
                              int days, boolean exempt) {
    }

    /** A household's share and the weight that produced it, for the statement's explanation. */
    public record Share(String householdId, long fen, BigDecimal weight) {
    }

    private CostSharing() {
    }

    public static List<Share> share(long poolFen, List<Participant> participants, Scheme scheme) {
        if (scheme instanceof Scheme.Hybrid hybrid) {
            Map<String, Long> parts = Allocation.split(poolFen, split(hybrid.fixedFraction()));
            List<Share> fixed = share(parts.get("fixed"), participants, hybrid.fixedPart());
            List<Share> metered = share(parts.get("metered"), participants, new Scheme.Rides());
            return fixed.stream().map(f -> {
                Share m = metered.stream().filter(x -> x.householdId().equals(f.householdId())).findFirst().orElseThrow();
                return new Share(f.householdId(), f.fen() + m.fen(), null);
            }).toList();
        }
        Map<String, BigDecimal> weights = new LinkedHashMap<>();
        for (Participant p : participants) {
            weights.put(p.householdId(), p.exempt() ? BigDecimal.ZERO : weight(p, scheme).multiply(BigDecimal.valueOf(p.days())));
        }
        if (poolFen > 0 && weights.values().stream().allMatch(w -> w.signum() == 0)) {
            throw new IllegalArgumentException(scheme instanceof Scheme.Rides
                    ? "no rides were counted in the period, so a metered scheme cannot share the pool"
                    : "no household carries any weight under this scheme, so the pool cannot be shared");
        }
        Map<String, Long> fen = Allocation.split(poolFen, weights);
        return participants.stream().map(p -> new Share(p.householdId(), fen.get(p.householdId()),
                weights.get(p.householdId()))).toList();
    }

    private static Map<String, BigDecimal> split(BigDecimal fixedFraction) {
        Map<String, BigDecimal> parts = new LinkedHashMap<>();
        parts.put("fixed", fixedFraction);
        parts.put("metered", BigDecimal.ONE.subtract(fixedFraction));
        return parts;
    }

    private static BigDecimal weight(Participant p, Scheme scheme) {
        if (scheme instanceof Scheme.Equal) {
            return BigDecimal.ONE;
        }
        if (scheme instanceof Scheme.FloorCoefficient coefficients) {
            BigDecimal coefficient = coefficients.coefficients().getOrDefault(p.floor(), BigDecimal.ZERO);
            if (!coefficients.timesArea()) {
                return coefficient;
            }
            if (p.areaM2() == null) {
                throw new IllegalArgumentException("household " + p.householdId() + " has no area for an area-weighted scheme");
            }
            return coefficient.multiply(p.areaM2());
        }
        if (scheme instanceof Scheme.FixedPercent percent) {
            return percent.percentByHousehold().getOrDefault(p.householdId(), BigDecimal.ZERO);
        }
        if (scheme instanceof Scheme.Residents) {
            return BigDecimal.valueOf(p.residents());
        }
        if (scheme instanceof Scheme.Rides) {
            return BigDecimal.valueOf(p.rides());
        }
        throw new IllegalArgumentException("a hybrid is shared in two parts, not weighed");
    }
}
