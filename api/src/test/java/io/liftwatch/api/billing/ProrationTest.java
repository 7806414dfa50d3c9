package io.liftwatch.api.billing;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ProrationTest {
    private static final LocalDate EPOCH = LocalDate.of(2024, 1, 1);

    /** Consecutive statement periods from {@code EPOCH}, of the given lengths in days. */
    private static List<Proration.Days> periods(List<Integer> lengths) {
        List<Proration.Days> periods = new ArrayList<>();
        LocalDate from = EPOCH;
        for (int length : lengths) {
            periods.add(new Proration.Days(from, from.plusDays(length)));
            from = from.plusDays(length);
        }
        return periods;
    }

    @Property(tries = 1000)
    void thePartsOfAnItemAcrossConsecutiveStatementsAddUpToTheItemExactly(
            @ForAll @LongRange(min = 0, max = 1_000_000_000L) long fen,
            @ForAll @IntRange(min = 0, max = 400) int startsAfter, @ForAll @IntRange(min = 1, max = 800) int days,
            @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 1, max = 62) Integer> lengths) {
        LocalDate itemFrom = EPOCH.plusDays(startsAfter);
        LocalDate itemTo = itemFrom.plusDays(days);
        List<Integer> covering = new ArrayList<>(lengths);
        // Keep stating periods until the item's whole period is stated.
        while (periods(covering).get(covering.size() - 1).to().isBefore(itemTo)) {
            covering.add(lengths.get(covering.size() % lengths.size()));
        }

        long sum = 0;
        for (Proration.Days period : periods(covering)) {
            long part = Proration.part(fen, itemFrom, itemTo, period.from(), period.to());
            Proration.Days overlap = Proration.overlap(itemFrom, itemTo, period.from(), period.to());
            double exact = overlap == null ? 0 : (double) fen * overlap.count() / days;
            assertThat(part).isNotNegative();
            assertThat(Math.abs(part - exact)).as("part of %s", period).isLessThanOrEqualTo(1.0);
            sum += part;
        }

        assertThat(sum).isEqualTo(fen);
    }

    @Property(tries = 500)
    void nothingIsLeftUnbilledOnceTheWholePeriodIsStatedAndBeforeThatTheGapsHoldTheRest(
            @ForAll @LongRange(min = 0, max = 100_000_000L) long fen,
            @ForAll @IntRange(min = 0, max = 100) int startsAfter, @ForAll @IntRange(min = 1, max = 500) int days,
            @ForAll @Size(min = 1, max = 30) List<@IntRange(min = 1, max = 45) Integer> lengths,
            @ForAll @IntRange(min = 0, max = 29) int skipped) {
        LocalDate itemFrom = EPOCH.plusDays(startsAfter);
        LocalDate itemTo = itemFrom.plusDays(days);
        Pool.Recorded item = new Pool.Recorded(7, "insurance", itemFrom, itemTo, fen, null, null);
        List<Integer> covering = new ArrayList<>(lengths);
        while (periods(covering).get(covering.size() - 1).to().isBefore(itemTo)) {
            covering.add(lengths.get(covering.size() % lengths.size()));
        }
        List<Proration.Days> stated = periods(covering);
        List<Unbilled.Billed> all = billed(item, stated, -1);
        List<Unbilled.Billed> oneMissing = billed(item, stated, skipped % stated.size());

        assertThat(Unbilled.of(List.of(item), Map.of(7L, all), null)).isEmpty();

        long billedFen = oneMissing.stream().mapToLong(Unbilled.Billed::fen).sum();
        List<Unbilled.Item> open = Unbilled.of(List.of(item), Map.of(7L, oneMissing), null);
        Proration.Days missing = Proration.overlap(itemFrom, itemTo, stated.get(skipped % stated.size()).from(),
                stated.get(skipped % stated.size()).to());
        if (missing == null) {
            assertThat(open).isEmpty();
        } else {
            assertThat(open).hasSize(1);
            assertThat(open.get(0).gaps()).extracting(Unbilled.Gap::from, Unbilled.Gap::to)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(missing.from(), missing.to()));
            assertThat(open.get(0).unbilledFen()).isEqualTo(fen - billedFen);
        }
    }

    /** The parts each stated period billed (as a statement issues them), leaving out period {@code skip}. */
    private static List<Unbilled.Billed> billed(Pool.Recorded item, List<Proration.Days> stated, int skip) {
        List<Unbilled.Billed> billed = new ArrayList<>();
        for (int i = 0; i < stated.size(); i++) {
            Proration.Days period = stated.get(i);
            Pool pool = Pool.of(List.of(item), Map.of(), period.from(), period.to());
            if (i == skip || pool.items().isEmpty()) {
                continue;
            }
            Pool.Item part = pool.items().get(0);
            billed.add(new Unbilled.Billed(item.id(), part.partFrom(), part.partTo(), part.fen(), i));
        }
        return billed;
    }

    @Test
    void aYearlyPremiumFromJulyIsBilledMonthByMonthByDays() {
        // 1,000.00 CNY for 1 Jul 2025 → 1 Jul 2026 (365 days): July is 31/365 of it, rounded half up.
        LocalDate from = LocalDate.of(2025, 7, 1);
        LocalDate to = from.plusYears(1);
        Map<String, Long> months = new HashMap<>();
        long sum = 0;
        for (LocalDate month = LocalDate.of(2025, 6, 1); month.isBefore(LocalDate.of(2026, 8, 1));
             month = month.plusMonths(1)) {
            long part = Proration.part(100_000, from, to, month, month.plusMonths(1));
            months.put(month.toString(), part);
            sum += part;
        }

        assertThat(months.get("2025-06-01")).isZero();
        assertThat(months.get("2025-07-01")).isEqualTo(8_493); // 100,000 × 31 / 365 = 8,493.15
        assertThat(months.get("2025-08-01")).isEqualTo(16_986 - 8_493); // due by 62 days: 16,986.30
        assertThat(months.get("2026-02-01")).isEqualTo(66_575 - 58_904); // due by 243 and by 215 days
        assertThat(months.get("2026-07-01")).isZero();
        assertThat(sum).isEqualTo(100_000);
    }

    @Test
    void meteredElectricityCountsOnlyTheKwhOfTheStatementsDays() {
        Pool.Recorded metered = new Pool.Recorded(3, "electricity", LocalDate.of(2025, 3, 20),
                LocalDate.of(2025, 4, 20), null, new BigDecimal("60"), null);
        Map<LocalDate, BigDecimal> kwh = Map.of(LocalDate.of(2025, 3, 19), new BigDecimal("100"),
                LocalDate.of(2025, 3, 25), new BigDecimal("2.5"), LocalDate.of(2025, 4, 2), new BigDecimal("7"));

        Pool march = Pool.of(List.of(metered), kwh, LocalDate.of(2025, 3, 1), LocalDate.of(2025, 4, 1));

        assertThat(march.items().get(0).kwh()).isEqualByComparingTo("2.5");
        assertThat(march.items().get(0).fen()).isEqualTo(150);
        assertThat(march.items().get(0).partFrom()).isEqualTo(LocalDate.of(2025, 3, 20));
        assertThat(march.items().get(0).partTo()).isEqualTo(LocalDate.of(2025, 4, 1));
    }

    @Test
    void anItemOutsideThePeriodDoesNotEnterThePool() {
        Pool.Recorded april = new Pool.Recorded(1, "repairs", LocalDate.of(2025, 4, 1), LocalDate.of(2025, 5, 1),
                500L, null, null);

        assertThat(Pool.of(List.of(april), Map.of(), LocalDate.of(2025, 3, 1), LocalDate.of(2025, 4, 1)).items())
                .isEmpty();
    }
}
