package io.liftwatch.alerts;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeadlinesTest {
    private final Deadlines<String> deadlines = new Deadlines<>();

    @Test
    void setMovesADeadlineEarlierOrLaterAndExtendOnlyLater() {
        deadlines.set("A", 100);
        deadlines.set("A", 50);
        assertThat(deadlines.next()).isEqualTo(50);

        deadlines.set("A", 300);
        deadlines.extend("A", 200);
        assertThat(deadlines.expired(299)).isEmpty();
        assertThat(deadlines.next()).isEqualTo(300);
        assertThat(deadlines.expired(300)).containsExactly("A");
        assertThat(deadlines.next()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aCancelledTimerNeverFiresUnlessSetAgain() {
        deadlines.set("A", 100);
        deadlines.set("B", 200);
        deadlines.cancel("A");
        assertThat(deadlines.next()).isEqualTo(200);

        deadlines.set("A", 150);
        deadlines.cancel("B");
        assertThat(deadlines.expired(1_000)).containsExactly("A");
    }

    @Test
    void startIfAbsentLeavesARunningTimerAloneAndRestartsAStoppedOne() {
        deadlines.set("A", 100);
        deadlines.startIfAbsent("A", 50);
        assertThat(deadlines.next()).isEqualTo(100);

        deadlines.cancel("A");
        deadlines.startIfAbsent("A", 400);
        assertThat(deadlines.expired(399)).isEmpty();
        assertThat(deadlines.expired(400)).containsExactly("A");
    }

    @Test
    void expiredKeysComeInDeadlineOrderEachOnce() {
        deadlines.extend("C", 30);
        deadlines.extend("A", 10);
        deadlines.extend("B", 20);
        deadlines.extend("A", 25);

        assertThat(deadlines.expired(30)).containsExactly("B", "A", "C");
        assertThat(deadlines.expired(1_000)).isEmpty();
    }
}
