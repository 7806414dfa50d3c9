package io.liftwatch.api.billing;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Statements over random stairwells, schemes, cost items and consecutive statement periods of random
 * lengths: every statement shares its pool exactly, every item's parts across the statements add up to
 * the item, and once the items' whole periods are stated nothing is left unbilled.
 */
class StatementPropertyTest {
    private static final LocalDate EPOCH = LocalDate.of(2025, 1, 1);

    /** A stairwell of 2 to 12 flats on floors 2 to 7, each owned since long ago, one of them sold on a random day. */
    private record Stairwell(List<Statement.Household> households, Map<String, List<Responsibility.Period>> parties,
                             Set<String> floors) {
        static Stairwell random(Random random) {
            List<Statement.Household> households = new ArrayList<>();
            Map<String, List<Responsibility.Period>> parties = new HashMap<>();
            int flats = 2 + random.nextInt(11);
            for (int i = 0; i < flats; i++) {
                String flat = (2 + i / 2) + "0" + (1 + i % 2);
                households.add(new Statement.Household("h" + flat, flat, String.valueOf(2 + i / 2),
                        BigDecimal.valueOf(6000 + random.nextInt(6000), 2), 1 + random.nextInt(4)));
                parties.put("h" + flat, List.of(new Responsibility.Period("Owner " + flat, null, EPOCH.minusYears(5),
                        null)));
            }
            String sold = households.get(random.nextInt(flats)).id();
            LocalDate sale = EPOCH.plusDays(1 + random.nextInt(500));
            parties.put(sold, List.of(new Responsibility.Period("Seller", null, EPOCH.minusYears(5), sale),
                    new Responsibility.Period("Buyer", null, sale, null)));
            Set<String> floors = new LinkedHashSet<>();
            households.forEach(h -> floors.add(h.floor()));
            return new Stairwell(households, parties, floors);
        }
    }

    private static Scheme scheme(Random random, Stairwell stairwell) {
        switch (random.nextInt(4)) {
            case 0:
                return new Scheme.Equal();
            case 1:
                return new Scheme.Residents();
            case 2: {
                Map<String, BigDecimal> coefficients = new LinkedHashMap<>();
                stairwell.floors().forEach(f -> coefficients.put(f, BigDecimal.valueOf(5 + random.nextInt(10), 1)));
                return new Scheme.FloorCoefficient(coefficients, random.nextBoolean());
            }
            default: {
                // Whole percents, with tenths on the last one, that add up to exactly 100.
                Map<String, BigDecimal> percent = new LinkedHashMap<>();
                BigDecimal left = BigDecimal.valueOf(100);
                List<Statement.Household> households = stairwell.households();
                for (int i = 0; i < households.size() - 1; i++) {
                    BigDecimal share = BigDecimal.valueOf(random.nextInt(100 / households.size() + 1));
                    percent.put(households.get(i).id(), share);
                    left = left.subtract(share);
                }
                percent.put(households.get(households.size() - 1).id(), left);
                return new Scheme.FixedPercent(percent);
            }
        }
    }

    @Property(tries = 200)
    void everyItemIsBilledExactlyOnceAcrossConsecutiveStatementsUnderAnyScheme(
            @ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int itemCount) {
        Random random = new Random(seed);
        Stairwell stairwell = Stairwell.random(random);
        Scheme scheme = scheme(random, stairwell);
        List<Pool.Recorded> items = new ArrayList<>();
        LocalDate lastDay = EPOCH;
        String[] kinds = {"maintenance", "insurance", "repairs", "advertising"};
        for (int i = 0; i < itemCount; i++) {
            LocalDate from = EPOCH.plusDays(random.nextInt(300));
            LocalDate to = from.plusDays(1 + random.nextInt(400));
            items.add(new Pool.Recorded(i + 1, kinds[random.nextInt(kinds.length)], from, to,
                    (long) random.nextInt(10_000_000), null, null));
            lastDay = to.isAfter(lastDay) ? to : lastDay;
        }

        Map<Long, Long> billed = new HashMap<>();
        Map<Long, List<Unbilled.Billed>> parts = new HashMap<>();
        LocalDate from = EPOCH;
        int statements = 0;
        while (from.isBefore(lastDay)) {
            LocalDate to = random.nextBoolean() ? from.plusMonths(1) : from.plusDays(1 + random.nextInt(90));
            Statement statement = Statement.compute(new Statement.Inputs("sw", from, to,
                    new Statement.SchemeInEffect(EPOCH, scheme, Set.of()), stairwell.households(), stairwell.floors(),
                    stairwell.parties(), Map.of(), new Statement.RunTotals(0, 0, 0, 0, 0, 0), 0, Map.of(), items));

            assertThat(statement.chargedFen()).as("shared exactly").isEqualTo(statement.pool().poolFen());
            for (Pool.Item item : statement.pool().items()) {
                billed.merge(item.id(), item.fen(), Long::sum);
                parts.computeIfAbsent(item.id(), id -> new ArrayList<>()).add(new Unbilled.Billed(item.id(),
                        item.partFrom(), item.partTo(), item.fen(), statements));
            }
            statements++;
            from = to;
        }

        for (Pool.Recorded item : items) {
            assertThat(billed.getOrDefault(item.id(), 0L)).as("item %s", item).isEqualTo(item.amountFen());
        }
        assertThat(Unbilled.of(items, parts, null)).isEmpty();
    }
}
