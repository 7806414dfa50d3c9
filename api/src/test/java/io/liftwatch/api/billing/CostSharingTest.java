package io.liftwatch.api.billing;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import io.liftwatch.api.billing.CostSharing.Participant;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CostSharingTest {
    private static final Map<String, BigDecimal> GUANGZHOU = Map.of("3", new BigDecimal("0.7"),
            "4", new BigDecimal("0.8"), "5", new BigDecimal("0.9"), "6", new BigDecimal("1.0"), "7", new BigDecimal("1.1"));

    @Provide
    Arbitrary<CostSharing.Participant> participant() {
        return Combinators.combine(Arbitraries.integers().between(1, 7), Arbitraries.integers().between(40, 140),
                        Arbitraries.integers().between(0, 6), Arbitraries.longs().between(0, 400),
                        Arbitraries.integers().between(1, 31), Arbitraries.of(true, false, false, false))
                .as((floor, area, residents, rides, days, exempt) -> new CostSharing.Participant(
                        "h" + floor + "-" + area + "-" + rides, String.valueOf(floor), BigDecimal.valueOf(area),
                        residents, rides, days, exempt));
    }

    @Provide
    Arbitrary<Scheme> scheme() {
        return Arbitraries.of(new Scheme.Equal(), new Scheme.FloorCoefficient(GUANGZHOU, false),
                new Scheme.FloorCoefficient(GUANGZHOU, true), new Scheme.Residents(), new Scheme.Rides(),
                new Scheme.Hybrid(new BigDecimal("0.6"), new Scheme.FloorCoefficient(GUANGZHOU, false)));
    }

    @Property(tries = 500)
    void everySchemeSharesThePoolExactlyNeverNegativeAndRepeatably(
            @ForAll @LongRange(min = 0, max = 5_000_000) long pool,
            @ForAll @Size(min = 1, max = 30) List<@From("participant") Participant> households,
            @ForAll("scheme") Scheme scheme) {
        List<CostSharing.Participant> distinct = new ArrayList<>(households.stream()
                .collect(java.util.stream.Collectors.toMap(CostSharing.Participant::id, p -> p, (a, b) -> a,
                        java.util.LinkedHashMap::new)).values());
        List<CostSharing.Share> shares;
        try {
            shares = CostSharing.share(pool, distinct, scheme);
        } catch (IllegalArgumentException nobodyWeighs) {
            assertThat(nobodyWeighs.getMessage()).containsAnyOf("cannot share", "cannot be shared");
            return;
        }
        assertThat(shares.stream().mapToLong(CostSharing.Share::fen).sum()).isEqualTo(pool);
        assertThat(shares).allMatch(share -> share.fen() >= 0);
        assertThat(CostSharing.share(pool, distinct, scheme)).isEqualTo(shares);
        for (int i = 0; i < distinct.size(); i++) {
            if (distinct.get(i).exempt()) {
                assertThat(shares.get(i).fen()).isZero();
            }
        }
    }

    @Test
    void aFlatSoldMidMonthIsSharedByDays() {
        List<CostSharing.Participant> households = List.of(
                new CostSharing.Participant("601-seller", "6", null, 2, 0, 15, false),
                new CostSharing.Participant("601-buyer", "6", null, 3, 0, 15, false),
                new CostSharing.Participant("602", "6", null, 2, 0, 30, false));

        List<CostSharing.Share> shares = CostSharing.share(30_000, households, new Scheme.Equal());

        assertThat(shares).extracting(CostSharing.Share::fen).containsExactly(7_500L, 7_500L, 15_000L);
    }

    @Test
    void aHybridSharesTheFixedPartByCoefficientAndTheRestByRides() {
        List<CostSharing.Participant> households = List.of(
                new CostSharing.Participant("301", "3", null, 1, 10, 30, false),
                new CostSharing.Participant("601", "6", null, 1, 30, 30, false),
                new CostSharing.Participant("101", "1", null, 1, 0, 30, true));

        List<CostSharing.Share> shares = CostSharing.share(10_000,
                households, new Scheme.Hybrid(new BigDecimal("0.5"), new Scheme.FloorCoefficient(GUANGZHOU, false)));

        // fixed 5,000 fen by 0.7 : 1.0 → 2,059 / 2,941; metered 5,000 fen by 10 : 30 rides → 1,250 / 3,750
        assertThat(shares).extracting(CostSharing.Share::fen).containsExactly(3_309L, 6_691L, 0L);
    }

    @Test
    void aMeteredSchemeWithNoRidesSaysSo() {
        assertThatThrownBy(() -> CostSharing.share(100, List.of(
                new CostSharing.Participant("a", "2", null, 1, 0, 30, false)), new Scheme.Rides()))
                .hasMessageContaining("no rides");
    }

    @Test
    void ridesAreTheirOwnMeasureOfTimeSoMeteredSharesAreNotProratedByDays() {
        List<CostSharing.Participant> households = List.of(
                new CostSharing.Participant("601#1", "6", null, 2, 10, 5, false),
                new CostSharing.Participant("601#2", "6", null, 3, 10, 26, false),
                new CostSharing.Participant("602", "6", null, 2, 20, 31, false));

        assertThat(CostSharing.share(40_000, households, new Scheme.Rides())).extracting(CostSharing.Share::fen)
                .containsExactly(10_000L, 10_000L, 20_000L);
        assertThat(CostSharing.share(40_000, households, new Scheme.PricePerRide(Map.of("6", 50L))))
                .extracting(CostSharing.Share::fen).containsExactly(500L, 500L, 1_000L);
    }

    @Test
    void fixedPercentagesFollowTheHouseholdThroughAChangeOfHands() {
        List<CostSharing.Participant> households = List.of(
                new CostSharing.Participant("601#1", "6", null, 2, 0, 10, false),
                new CostSharing.Participant("601#2", "6", null, 2, 0, 20, false),
                new CostSharing.Participant("501", "5", null, 2, 0, 30, false));

        assertThat(CostSharing.share(30_000, households, new Scheme.FixedPercent(Map.of("601", new BigDecimal("20"),
                "501", new BigDecimal("10"))))).extracting(CostSharing.Share::fen)
                .containsExactly(6_667L, 13_333L, 10_000L);
    }

    @Test
    void weightsAreShownInTheSchemesOwnUnitNotMultipliedByTheDays() {
        Scheme percent = new Scheme.FixedPercent(Map.of("601", new BigDecimal("20.5"), "602", new BigDecimal("79.5")));
        List<CostSharing.Share> shares = CostSharing.share(10_000, List.of(
                new CostSharing.Participant("601", "6", null, 2, 0, 10, false),
                new CostSharing.Participant("602", "6", null, 2, 0, 30, false)), percent);

        assertThat(shares.get(0).weight()).isEqualByComparingTo("20.5");
        assertThat(CostSharing.unit(percent)).isEqualTo("percent");
        // 20.5 × 10 days against 79.5 × 30 days.
        assertThat(shares.get(0).fen()).isEqualTo(Math.round(10_000 * 205.0 / (205 + 2385)));
        assertThat(CostSharing.unit(new Scheme.FloorCoefficient(GUANGZHOU, true))).isEqualTo("coefficient × m²");
        assertThat(CostSharing.unit(new Scheme.Hybrid(new BigDecimal("0.4"), new Scheme.Residents())))
                .isEqualTo("residents (fixed part) and rides");
        assertThat(CostSharing.unit(new Scheme.PricePerRide(Map.of("6", 50L)))).isEqualTo("fen per ride");
    }
}
