package io.liftwatch.alerts;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SilenceWatchTest {
    private final SilenceWatch watch = new SilenceWatch(60_000);

    @Test
    void aLiftIsReportedAtItsOwnDeadlineAndOnlyOnce() {
        watch.heard("A", 1_000);
        watch.heard("B", 5_000);

        assertThat(watch.nextDeadline()).isEqualTo(61_000);
        assertThat(watch.expired(60_999)).isEmpty();
        assertThat(watch.expired(61_000)).containsExactly("A");
        assertThat(watch.expired(64_000)).isEmpty();
        assertThat(watch.nextDeadline()).isEqualTo(65_000);
        assertThat(watch.expired(100_000)).containsExactly("B");
        assertThat(watch.nextDeadline()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void hearingALiftMovesItsDeadline() {
        watch.heard("A", 1_000);
        watch.heard("A", 30_000);

        assertThat(watch.expired(61_000)).isEmpty();
        assertThat(watch.nextDeadline()).isEqualTo(90_000);
        assertThat(watch.expired(90_000)).containsExactly("A");
    }

    @Test
    void aLateArrivalDoesNotMoveTheDeadlineBack() {
        watch.heard("A", 30_000);
        watch.heard("A", 10_000);

        assertThat(watch.nextDeadline()).isEqualTo(90_000);
    }

    @Test
    void aSilentLiftHeardAgainIsWatchedAgain() {
        watch.heard("A", 0);
        assertThat(watch.expired(60_000)).containsExactly("A");
        watch.heard("A", 70_000);

        assertThat(watch.expired(130_000)).containsExactly("A");
    }
}
