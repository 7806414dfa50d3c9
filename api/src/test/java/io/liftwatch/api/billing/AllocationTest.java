package io.liftwatch.api.billing;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AllocationTest {

    @Property(tries = 500)
    void sharesAddUpExactlyAreNeverNegativeAndRepeat(
            @ForAll @LongRange(min = 0, max = 100_000_000L) long fen,
            @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = 5000) Integer> weights) {
        Map<String, BigDecimal> byHousehold = new LinkedHashMap<>();
        for (int i = 0; i < weights.size(); i++) {
            byHousehold.put("h" + i, BigDecimal.valueOf(weights.get(i), 3));
        }
        if (byHousehold.values().stream().allMatch(w -> w.signum() == 0)) {
            byHousehold.put("h0", BigDecimal.ONE);
        }

        Map<String, Long> shares = Allocation.split(fen, byHousehold);

        assertThat(shares.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(fen);
        assertThat(shares.values()).allMatch(share -> share >= 0);
        assertThat(Allocation.split(fen, new LinkedHashMap<>(byHousehold))).isEqualTo(shares);
        byHousehold.forEach((id, weight) -> {
            if (weight.signum() == 0) {
                assertThat(shares.get(id)).as("weightless %s pays nothing", id).isZero();
            }
        });
    }

    @Property(tries = 300)
    void noShareIsMoreThanOneFenFromItsExactValue(@ForAll @LongRange(min = 0, max = 10_000_000L) long fen,
                                                 @ForAll @Size(min = 1, max = 20) List<@IntRange(min = 1, max = 999) Integer> weights) {
        Map<String, BigDecimal> byHousehold = new LinkedHashMap<>();
        for (int i = 0; i < weights.size(); i++) {
            byHousehold.put("h" + i, BigDecimal.valueOf(weights.get(i)));
        }
        double total = weights.stream().mapToInt(Integer::intValue).sum();
        Allocation.split(fen, byHousehold).forEach((id, share) ->
                assertThat(Math.abs(share - fen * byHousehold.get(id).doubleValue() / total)).isLessThan(1.0));
    }

    @Test
    void guangzhouFloorCoefficientsWithTheFirstTwoFloorsExempt() {
        // Two flats a floor; 3F 0.7, 4F 0.8, 5F 0.9, 6F 1.0, 7F 1.1; floors 1-2 exempt. 10,000.00 CNY.
        Map<String, BigDecimal> weights = new LinkedHashMap<>();
        String[] coefficients = {"0", "0", "0.7", "0.8", "0.9", "1.0", "1.1"};
        for (int floor = 1; floor <= 7; floor++) {
            for (int flat = 1; flat <= 2; flat++) {
                weights.put(floor + "0" + flat, new BigDecimal(coefficients[floor - 1]));
            }
        }

        Map<String, Long> shares = Allocation.split(1_000_000, weights);

        // exact shares: 777.777…, 888.888…, 1000.00, 1111.111…, 1222.222… CNY
        assertThat(shares.get("101")).isZero();
        assertThat(shares.get("202")).isZero();
        assertThat(shares.get("301")).isEqualTo(77_778);
        assertThat(shares.get("302")).isEqualTo(77_778);
        assertThat(shares.get("401")).isEqualTo(88_889);
        assertThat(shares.get("501")).isEqualTo(100_000);
        assertThat(shares.get("601")).isEqualTo(111_111);
        assertThat(shares.get("701")).isEqualTo(122_222);
        assertThat(shares.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1_000_000);
    }

    @Test
    void negotiatedPercentagesPerHousehold() {
        // 6F 20.5 %, 5F 15 %, 4F 9 %, 3F 4 %, 2F 1.5 %, 1F 0 per household, two flats a floor: 6,000.00 CNY.
        String[] percent = {"0", "1.5", "4", "9", "15", "20.5"};
        Map<String, BigDecimal> weights = new LinkedHashMap<>();
        for (int floor = 1; floor <= 6; floor++) {
            weights.put(floor + "01", new BigDecimal(percent[floor - 1]));
            weights.put(floor + "02", new BigDecimal(percent[floor - 1]));
        }

        Map<String, Long> shares = Allocation.split(600_000, weights);

        assertThat(shares).containsEntry("601", 123_000L).containsEntry("602", 123_000L)
                .containsEntry("501", 90_000L).containsEntry("401", 54_000L).containsEntry("301", 24_000L)
                .containsEntry("201", 9_000L).containsEntry("101", 0L);
    }

    @Test
    void leftoverFenGoToTheLargestRemaindersThenTheSmallerId() {
        Map<String, BigDecimal> three = new LinkedHashMap<>();
        three.put("c", BigDecimal.ONE);
        three.put("a", BigDecimal.ONE);
        three.put("b", BigDecimal.ONE);

        Map<String, Long> shares = Allocation.split(100, three);

        assertThat(shares).containsEntry("a", 34L).containsEntry("b", 33L).containsEntry("c", 33L);
        assertThat(shares.keySet()).as("in the order given").containsExactly("c", "a", "b");
    }

    @Test
    void refusesWhatCannotBeSplit() {
        assertThatThrownBy(() -> Allocation.split(-1, Map.of("a", BigDecimal.ONE))).hasMessageContaining("negative");
        assertThatThrownBy(() -> Allocation.split(100, Map.of("a", BigDecimal.ZERO))).hasMessageContaining("weight");
        assertThatThrownBy(() -> Allocation.split(100, Map.of("a", BigDecimal.ONE.negate()))).hasMessageContaining("a");
    }
}
