package io.liftwatch.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RoundRatiosTest {

    @Test
    void eachRoundIsSetAgainstTheBarePhasesOnEitherSideOfIt() {
        RoundRatios ratios = RoundRatios.of(List.of(10_000.0, 30_000.0, 20_000.0), List.of(10_000.0, 20_000.0));

        assertThat(ratios.perRound()).containsExactly(0.5, 0.8);
    }

    @Test
    void overTheRoundsTheMeanRatesAreComparedNotTheRatiosAveraged() {
        RoundRatios ratios = RoundRatios.of(List.of(10_000.0, 30_000.0, 20_000.0), List.of(10_000.0, 20_000.0));

        assertThat(ratios.meanCommitted()).isEqualTo(15_000.0);
        assertThat(ratios.meanBaseline()).isEqualTo(22_500.0);
        // 15,000 / 22,500, where the mean of the rounds' ratios would be 0.65
        assertThat(ratios.overall()).isCloseTo(2.0 / 3, within(1e-12));
    }

    @Test
    void barePhasesMustBracketEveryCommittedOne() {
        assertThatThrownBy(() -> RoundRatios.of(List.of(10_000.0, 20_000.0), List.of(10_000.0, 20_000.0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RoundRatios.of(List.of(10_000.0), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
