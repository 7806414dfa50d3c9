package io.liftwatch.common.registry;

import java.math.BigDecimal;

/** One form per decimal value (1.00, 1.0 and 1 are the same speed), so records compare by value. */
final class Decimals {
    private Decimals() {
    }

    static BigDecimal normalize(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
