package io.liftwatch.api.billing;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits an amount of money, in fen, among households in proportion to their weights, exactly: every
 * share is the exact proportional share rounded down to the fen, and the fen left over go one each to
 * the largest remainders (ties to the smaller household id), so the shares always add up to the amount
 * and the same inputs always give the same shares (the largest remainder method).
 */
public final class Allocation {

    private Allocation() {
    }

    /**
     * @param fen     the amount to split, ≥ 0
     * @param weights household id → weight ≥ 0; households with weight 0 pay nothing
     * @return household id → share in fen, in the order of {@code weights}
     * @throws IllegalArgumentException if the amount is negative, a weight is negative, or all weights are
     *                                  0 while the amount is not
     */
    public static Map<String, Long> split(long fen, Map<String, BigDecimal> weights) {
        if (fen < 0) {
            throw new IllegalArgumentException("the amount to split must not be negative: " + fen);
        }
        BigDecimal total = BigDecimal.ZERO;
        for (Map.Entry<String, BigDecimal> weight : weights.entrySet()) {
            if (weight.getValue().signum() < 0) {
                throw new IllegalArgumentException("weight of " + weight.getKey() + " is negative: " + weight.getValue());
            }
            total = total.add(weight.getValue());
        }
        Map<String, Long> shares = new LinkedHashMap<>();
        if (fen == 0) {
            weights.keySet().forEach(id -> shares.put(id, 0L));
            return shares;
        }
        if (total.signum() == 0) {
            throw new IllegalArgumentException("nobody carries any weight, so " + fen + " fen cannot be split");
        }
        // Exact arithmetic on integers: every weight and the total at one common scale, so each exact share
        // is (fen × w) / W with one denominator W for all, and remainders compare directly.
        int scale = total.scale();
        for (BigDecimal weight : weights.values()) {
            scale = Math.max(scale, weight.scale());
        }
        BigInteger denominator = total.setScale(scale, RoundingMode.UNNECESSARY).unscaledValue();
        record Part(String id, long floor, BigInteger remainder) {
        }
        List<Part> parts = new ArrayList<>();
        long given = 0;
        for (Map.Entry<String, BigDecimal> weight : weights.entrySet()) {
            BigInteger numerator = BigInteger.valueOf(fen)
                    .multiply(weight.getValue().setScale(scale, RoundingMode.UNNECESSARY).unscaledValue());
            BigInteger[] division = numerator.divideAndRemainder(denominator);
            long floor = division[0].longValueExact();
            parts.add(new Part(weight.getKey(), floor, division[1]));
            given += floor;
        }
        long left = fen - given;
        List<Part> byRemainder = new ArrayList<>(parts);
        byRemainder.sort(Comparator.comparing(Part::remainder).reversed().thenComparing(Part::id));
        Map<String, Long> extra = new LinkedHashMap<>();
        for (int i = 0; i < left; i++) {
            extra.merge(byRemainder.get(i).id(), 1L, Long::sum);
        }
        for (Part part : parts) {
            shares.put(part.id(), part.floor() + extra.getOrDefault(part.id(), 0L));
        }
        return shares;
    }
}
