package io.liftwatch.api.billing;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SchemeCheckTest {
    private static final List<String> FLOORS = List.of("1", "2", "3");
    private static final List<Statement.Household> HOUSEHOLDS = List.of(
            new Statement.Household("201", "201", "2", new BigDecimal("80.5"), 2),
            new Statement.Household("202", "202", "2", null, 0),
            new Statement.Household("301", "301", "3", new BigDecimal("90"), 3));

    private static Map<String, BigDecimal> decimals(Object... keysAndValues) {
        Map<String, BigDecimal> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], new BigDecimal(keysAndValues[i + 1].toString()));
        }
        return map;
    }

    @Test
    void percentagesThatDoNotAddUpTo100AreRefusedWithTheirSum() {
        Scheme ninety = new Scheme.FixedPercent(decimals("201", 40, "202", 20, "301", 30));

        assertThatThrownBy(() -> SchemeCheck.check(ninety, Set.of(), HOUSEHOLDS, FLOORS))
                .hasMessageContaining("sums to 90, not exactly 100");
    }

    @Test
    void percentagesNamingAStrangerOrLeavingAFlatOutAreRefusedNamingThem() {
        Scheme mistyped = new Scheme.FixedPercent(decimals("201", 50, "3O1", 50));

        assertThatThrownBy(() -> SchemeCheck.check(mistyped, Set.of(), HOUSEHOLDS, FLOORS))
                .hasMessageContaining("keys that are not households of the stairwell: 3O1")
                .hasMessageContaining("neither weighted by the scheme nor exempt: 202 (floor 2), 301 (floor 3)");
    }

    @Test
    void percentagesOverTheHouseholdsWithTheRestExemptAreAccepted() {
        Scheme agreed = new Scheme.FixedPercent(decimals("201", "59.5", "301", "40.5"));

        assertThatCode(() -> SchemeCheck.check(agreed, Set.of("202"), HOUSEHOLDS, FLOORS)).doesNotThrowAnyException();
        assertThatThrownBy(() -> SchemeCheck.check(new Scheme.FixedPercent(decimals("201", 50, "202", 10, "301", 40)),
                Set.of("202"), HOUSEHOLDS, FLOORS)).hasMessageContaining("both exempt and given a percentage: 202 (10)");
    }

    @Test
    void aCoefficientKeyedByAFloorThatDoesNotExistIsRefused() {
        Scheme typo = new Scheme.FloorCoefficient(decimals("2", "0.8", "3F", "0.9"), false);

        assertThatThrownBy(() -> SchemeCheck.check(typo, Set.of(), HOUSEHOLDS, FLOORS))
                .hasMessageContaining("scheme.coefficients names keys that are not floor labels: 3F (known: 1, 2, 3)")
                .hasMessageContaining("301 (floor 3)");
    }

    @Test
    void schemesUnderWhichNobodyWeighsAnythingAreRefused() {
        assertThatThrownBy(() -> SchemeCheck.check(new Scheme.FloorCoefficient(decimals("2", 0, "3", 0), false),
                Set.of(), HOUSEHOLDS, FLOORS)).hasMessageContaining("weight of 0");
        assertThatThrownBy(() -> SchemeCheck.check(new Scheme.Equal(), Set.of("201", "202", "301"), HOUSEHOLDS,
                FLOORS)).hasMessageContaining("every household is exempt");
        assertThatThrownBy(() -> SchemeCheck.check(new Scheme.Residents(), Set.of("201", "301"), HOUSEHOLDS, FLOORS))
                .hasMessageContaining("no household that is not exempt has any residents");
        assertThatThrownBy(() -> SchemeCheck.check(new Scheme.PricePerRide(Map.of("2", 0L, "3", 0L)), Set.of(),
                HOUSEHOLDS, FLOORS)).hasMessageContaining("at 0");
    }

    @Test
    void anAreaWeightedSchemeNeedsTheAreaOfEveryPayingFlatAndAHybridIsCheckedByItsFixedPart() {
        Scheme byArea = new Scheme.FloorCoefficient(decimals("2", "0.8", "3", "0.9"), true);

        assertThatThrownBy(() -> SchemeCheck.check(byArea, Set.of(), HOUSEHOLDS, FLOORS))
                .hasMessageContaining("without the area an area-weighted scheme needs: 202");
        assertThatCode(() -> SchemeCheck.check(byArea, Set.of("202"), HOUSEHOLDS, FLOORS)).doesNotThrowAnyException();
        assertThatThrownBy(() -> SchemeCheck.check(new Scheme.Hybrid(new BigDecimal("0.5"),
                new Scheme.FixedPercent(decimals("201", 100))), Set.of(), HOUSEHOLDS, FLOORS))
                .hasMessageContaining("neither weighted by the scheme nor exempt: 202 (floor 2), 301 (floor 3)");
    }
}
