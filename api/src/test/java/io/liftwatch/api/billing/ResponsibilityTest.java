package io.liftwatch.api.billing;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResponsibilityTest {
    private static final LocalDate MARCH = LocalDate.of(2025, 3, 1);
    private static final LocalDate APRIL = LocalDate.of(2025, 4, 1);

    private static Responsibility.Period period(String party, String from, String to) {
        return new Responsibility.Period(party, null, LocalDate.parse(from), to == null ? null : LocalDate.parse(to));
    }

    @Test
    void aSaleMidMonthSplitsTheDays() {
        List<Responsibility.Period> timeline = List.of(period("Zhang", "2023-05-01", "2025-03-16"),
                period("Li", "2025-03-16", null));

        assertThat(Responsibility.daysWithin(timeline, MARCH, APRIL))
                .extracting(Responsibility.Days::party, Responsibility.Days::from, Responsibility.Days::days)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Zhang", MARCH, 15L),
                        org.assertj.core.groups.Tuple.tuple("Li", LocalDate.parse("2025-03-16"), 16L));
    }

    @Test
    void refusesGapsOverlapsAndAnOpenPeriodBeforeAnother() {
        assertThatThrownBy(() -> Responsibility.check(List.of(period("Zhang", "2023-05-01", "2025-03-10"),
                period("Li", "2025-03-16", null)))).hasMessage("gap from 2025-03-10 to 2025-03-16 between Zhang and Li");
        assertThatThrownBy(() -> Responsibility.check(List.of(period("Zhang", "2023-05-01", "2025-03-20"),
                period("Li", "2025-03-16", null)))).hasMessageContaining("overlap from 2025-03-16 to 2025-03-20");
        assertThatThrownBy(() -> Responsibility.check(List.of(period("Zhang", "2023-05-01", null),
                period("Li", "2025-03-16", null)))).hasMessageContaining("only the last period may be open-ended");
        assertThatThrownBy(() -> Responsibility.check(List.of())).hasMessageContaining("at least one");
        assertThatThrownBy(() -> period("Zhang", "2025-03-16", "2025-03-16")).hasMessageContaining("ends");
    }

    @Test
    void aPeriodNobodyCoversCannotBeBilled() {
        List<Responsibility.Period> fromMid = List.of(period("Li", "2025-03-16", null));
        List<Responsibility.Period> untilMid = List.of(period("Zhang", "2023-05-01", "2025-03-16"));

        assertThatThrownBy(() -> Responsibility.daysWithin(fromMid, MARCH, APRIL))
                .hasMessage("nobody is responsible from 2025-03-01 to 2025-03-16");
        assertThatThrownBy(() -> Responsibility.daysWithin(untilMid, MARCH, APRIL))
                .hasMessage("nobody is responsible from 2025-03-16 to 2025-04-01");
    }
}
