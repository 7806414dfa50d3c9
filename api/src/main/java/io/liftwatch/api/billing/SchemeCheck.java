package io.liftwatch.api.billing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Checks a scheme against the stairwell it is agreed for, so a mistyped scheme is refused when it is
 * recorded rather than billed wrongly later: every key names a household (fixed percentages) or floor
 * label (coefficients, prices) that exists; every household is weighted or explicitly exempt; fixed
 * percentages add up to exactly 100; and somebody carries weight. The same check runs again when a
 * statement is computed, since households may have been registered since.
 */
public final class SchemeCheck {
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private SchemeCheck() {
    }

    /**
     * @param households the stairwell's households
     * @param floors     the stairwell's floor labels (its lifts' stops and its households' floors)
     * @throws IllegalArgumentException naming every offending key, household and sum, in one message
     */
    public static void check(Scheme scheme, Set<String> exempt, List<Statement.Household> households,
                             Collection<String> floors) {
        List<String> problems = new ArrayList<>();
        check(scheme, "scheme", exempt, households, floors, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    private static void check(Scheme scheme, String path, Set<String> exempt, List<Statement.Household> households,
                              Collection<String> floors, List<String> problems) {
        List<Statement.Household> paying = households.stream().filter(h -> !exempt.contains(h.id())).toList();
        if (households.isEmpty()) {
            problems.add("the stairwell has no households registered, so nobody would carry any weight");
            return;
        }
        if (paying.isEmpty()) {
            problems.add("every household is exempt, so nobody would carry any weight");
            return;
        }
        if (scheme instanceof Scheme.FixedPercent percent) {
            Map<String, BigDecimal> keys = percent.percentByHousehold();
            Set<String> ids = new TreeSet<>(households.stream().map(Statement.Household::id).toList());
            unknown(path + ".percentByHousehold", keys.keySet(), ids, "households of the stairwell", problems);
            unweighted(paying, keys, Statement.Household::id, problems);
            List<String> exemptButCharged = keys.entrySet().stream()
                    .filter(k -> exempt.contains(k.getKey()) && k.getValue().signum() != 0)
                    .map(k -> k.getKey() + " (" + k.getValue().toPlainString() + ")").sorted().toList();
            if (!exemptButCharged.isEmpty()) {
                problems.add("households both exempt and given a percentage: " + String.join(", ", exemptButCharged));
            }
            BigDecimal sum = keys.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            if (sum.compareTo(HUNDRED) != 0) {
                problems.add(path + ".percentByHousehold sums to " + sum.stripTrailingZeros().toPlainString()
                        + ", not exactly 100");
            }
        } else if (scheme instanceof Scheme.FloorCoefficient coefficients) {
            Map<String, BigDecimal> keys = coefficients.coefficients();
            unknown(path + ".coefficients", keys.keySet(), floors, "floor labels", problems);
            unweighted(paying, keys, Statement.Household::floor, problems);
            List<String> noArea = coefficients.timesArea() ? paying.stream().filter(h -> h.areaM2() == null)
                    .map(Statement.Household::id).sorted().toList() : List.of();
            if (!noArea.isEmpty()) {
                problems.add("households without the area an area-weighted scheme needs: " + String.join(", ", noArea));
            }
            BigDecimal total = paying.stream().filter(h -> !coefficients.timesArea() || h.areaM2() != null)
                    .map(h -> keys.getOrDefault(h.floor(), BigDecimal.ZERO)
                            .multiply(coefficients.timesArea() ? h.areaM2() : BigDecimal.ONE))
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            if (total.signum() == 0 && noArea.isEmpty()) {
                problems.add(path + ".coefficients give every household that is not exempt a weight of 0");
            }
        } else if (scheme instanceof Scheme.PricePerRide prices) {
            Map<String, Long> keys = prices.fenPerRideByFloor();
            unknown(path + ".fenPerRideByFloor", keys.keySet(), floors, "floor labels", problems);
            unweighted(paying, keys, Statement.Household::floor, problems);
            if (paying.stream().allMatch(h -> keys.getOrDefault(h.floor(), 0L) == 0)) {
                problems.add(path + ".fenPerRideByFloor prices every ride of every household that is not exempt at 0");
            }
        } else if (scheme instanceof Scheme.Residents) {
            if (paying.stream().allMatch(h -> h.residents() == 0)) {
                problems.add("no household that is not exempt has any residents registered, so the total weight is 0");
            }
        } else if (scheme instanceof Scheme.Hybrid hybrid) {
            check(hybrid.fixedPart(), path + ".fixedPart", exempt, households, floors, problems);
        }
        // Equal weighs every paying household; rides weigh what is counted, checked when a statement is
        // computed, since nobody can know the rides of a period ahead.
    }

    private static void unknown(String field, Collection<String> keys, Collection<String> known, String what,
                                List<String> problems) {
        List<String> unknown = keys.stream().filter(k -> !known.contains(k)).sorted().toList();
        if (!unknown.isEmpty()) {
            problems.add(field + " names keys that are not " + what + ": " + String.join(", ", unknown)
                    + " (known: " + String.join(", ", new TreeSet<>(known)) + ")");
        }
    }

    private static void unweighted(List<Statement.Household> paying, Map<String, ?> keys,
                                   Function<Statement.Household, String> key, List<String> problems) {
        List<String> missing = paying.stream().filter(h -> !keys.containsKey(key.apply(h)))
                .map(h -> h.id() + " (floor " + h.floor() + ")").sorted().toList();
        if (!missing.isEmpty()) {
            problems.add("households neither weighted by the scheme nor exempt: " + String.join(", ", missing));
        }
    }
}
