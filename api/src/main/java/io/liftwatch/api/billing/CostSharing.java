package io.liftwatch.api.billing;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A stairwell's pool shared among its households under a scheme, to the fen. A party responsible for a
 * flat for only part of the period (a sale, a new tenant) weighs in proportion to its days, except under
 * metered schemes, where its rides already are its part; an exempt household weighs nothing. The shares
 * always add up to the pool exactly ({@link Allocation}), except under a price per ride, where each pays
 * its rides at its floor's price.
 */
public final class CostSharing {

    /**
     * One responsible party's part in the period.
     *
     * @param id    unique among the participants: the household, with the party's place in the period's
     *              timeline when the flat changed hands ({@code 301#2})
     * @param days  days of the period the party was responsible for
     * @param rides rides counted on the flat's cards in those days
     */
    public record Participant(String id, String floor, BigDecimal areaM2, int residents, long rides,
                              int days, boolean exempt) {
    }

    /**
     * A participant's share and the weight that produced it, in the scheme's own unit ({@link #unit}): the
     * percentage, coefficient (× area), residents, rides or price per ride, before it is multiplied by the
     * participant's days; for a hybrid, the weight of its fixed part.
     */
    public record Share(String id, long fen, BigDecimal weight) {
    }

    /** The unit a scheme's weights are shown in beside the days. */
    public static String unit(Scheme scheme) {
        if (scheme instanceof Scheme.Equal) {
            return "share";
        }
        if (scheme instanceof Scheme.FloorCoefficient coefficients) {
            return coefficients.timesArea() ? "coefficient × m²" : "coefficient";
        }
        if (scheme instanceof Scheme.FixedPercent) {
            return "percent";
        }
        if (scheme instanceof Scheme.Residents) {
            return "residents";
        }
        if (scheme instanceof Scheme.Rides) {
            return "rides";
        }
        if (scheme instanceof Scheme.PricePerRide) {
            return "fen per ride";
        }
        return unit(((Scheme.Hybrid) scheme).fixedPart()) + " (fixed part) and rides";
    }

    private CostSharing() {
    }

    public static List<Share> share(long poolFen, List<Participant> participants, Scheme scheme) {
        if (scheme instanceof Scheme.Hybrid hybrid) {
            Map<String, Long> parts = Allocation.split(poolFen, split(hybrid.fixedFraction()));
            List<Share> fixed = share(parts.get("fixed"), participants, hybrid.fixedPart());
            List<Share> metered = share(parts.get("metered"), participants, new Scheme.Rides());
            // Both parts list the participants in the same order.
            return IntStream.range(0, fixed.size()).mapToObj(i -> new Share(fixed.get(i).id(),
                    fixed.get(i).fen() + metered.get(i).fen(), fixed.get(i).weight())).toList();
        }
        if (scheme instanceof Scheme.PricePerRide prices) {
            return participants.stream().map(p -> {
                long price = p.exempt() ? 0 : prices.fenPerRideByFloor().getOrDefault(p.floor(), 0L);
                return new Share(p.id(), Math.multiplyExact(price, p.rides()), BigDecimal.valueOf(price));
            }).toList();
        }
        Map<String, BigDecimal> shown = new LinkedHashMap<>();
        Map<String, BigDecimal> weights = new LinkedHashMap<>();
        for (Participant p : participants) {
            BigDecimal weight = p.exempt() ? BigDecimal.ZERO : weight(p, scheme);
            shown.put(p.id(), weight);
            weights.put(p.id(), scheme instanceof Scheme.Rides ? weight : weight.multiply(BigDecimal.valueOf(p.days())));
        }
        if (poolFen > 0 && weights.values().stream().allMatch(w -> w.signum() == 0)) {
            throw new IllegalArgumentException(scheme instanceof Scheme.Rides
                    ? "no rides were counted in the period, so a metered scheme cannot share the pool"
                    : "no household carries any weight under this scheme, so the pool cannot be shared");
        }
        Map<String, Long> fen = Allocation.split(poolFen, weights);
        return participants.stream().map(p -> new Share(p.id(), fen.get(p.id()), shown.get(p.id()))).toList();
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
                throw new IllegalArgumentException("household " + household(p) + " has no area for an area-weighted scheme");
            }
            return coefficient.multiply(p.areaM2());
        }
        if (scheme instanceof Scheme.FixedPercent percent) {
            return percent.percentByHousehold().getOrDefault(household(p), BigDecimal.ZERO);
        }
        if (scheme instanceof Scheme.Residents) {
            return BigDecimal.valueOf(p.residents());
        }
        if (scheme instanceof Scheme.Rides) {
            return BigDecimal.valueOf(p.rides());
        }
        throw new IllegalArgumentException("a hybrid is shared in two parts, not weighed");
    }

    private static String household(Participant p) {
        int party = p.id().indexOf('#');
        return party < 0 ? p.id() : p.id().substring(0, party);
    }
}
