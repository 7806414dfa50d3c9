package io.liftwatch.common.registry;

import java.math.BigDecimal;

/** A flat in a stairwell; the unit that shares the lift's costs. */
public record Household(String id, String stairwellId, String flat, String floor, BigDecimal areaM2,
                        Integer residents) {

    public Household {
        areaM2 = Decimals.normalize(areaM2);
    }
}
