package io.liftwatch.api.billing;

import java.math.BigDecimal;
import java.util.Map;

/**
 * How a stairwell agreed to share its lift's costs (the schemes in use in Chinese retrofit buildings).
 * Each gives every household a weight; households marked exempt weigh nothing under any scheme.
 */
public sealed interface Scheme {

    /** The same for every participating household. */
    record Equal() implements Scheme {
    }

    /** A coefficient per floor label (e.g. Guangzhou: 3F 0.7 … 7F 1.1), optionally times the flat's area. */
    record FloorCoefficient(Map<String, BigDecimal> coefficients, boolean timesArea) implements Scheme {
    }

    /** A negotiated percentage per household. */
    record FixedPercent(Map<String, BigDecimal> percentByHousehold) implements Scheme {
    }

    /** Weighted by the number of residents. */
    record Residents() implements Scheme {
    }

    /** Metered: a share of the pool in proportion to counted rides. */
    record Rides() implements Scheme {
    }

    /**
     * Metered at a price: each household pays its counted rides times the price for its floor, in whole
     * fen. The charges need not add up to the pool; the difference stays with the maintenance fund.
     */
    record PricePerRide(Map<String, Long> fenPerRideByFloor) implements Scheme {
        public PricePerRide {
            fenPerRideByFloor.forEach((floor, fen) -> {
                if (fen < 0) {
                    throw new IllegalArgumentException("the price per ride on floor " + floor + " is negative: " + fen);
                }
            });
            fenPerRideByFloor = Map.copyOf(fenPerRideByFloor);
        }
    }

    /** A fixed part of the pool by one scheme, the rest by counted rides. */
    record Hybrid(BigDecimal fixedFraction, Scheme fixedPart) implements Scheme {
        public Hybrid {
            if (fixedFraction.signum() < 0 || fixedFraction.compareTo(BigDecimal.ONE) > 0) {
                throw new IllegalArgumentException("the fixed fraction must be within 0..1, got " + fixedFraction);
            }
            if (fixedPart instanceof Hybrid || fixedPart instanceof PricePerRide) {
                throw new IllegalArgumentException("the fixed part of a hybrid must share the pool by weight:"
                        + " equal, floorCoefficient, fixedPercent, residents or rides");
            }
        }
    }
}
