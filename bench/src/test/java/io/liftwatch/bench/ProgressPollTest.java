package io.liftwatch.bench;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** How often a (b) phase's progress is polled: seldom while much remains, often near the end. */
class ProgressPollTest {
    private static final long TEN_SECONDS = TimeUnit.SECONDS.toNanos(10);

    @Test
    void pollsSeldomWhileMuchRemains() {
        assertThat(IngestBenchmark.pollPauseMillis(0, 300_000, TEN_SECONDS)).as("nothing arrived yet").isEqualTo(200);
        assertThat(IngestBenchmark.pollPauseMillis(-5, 300_000, TEN_SECONDS)).as("a counter behind the start").isEqualTo(200);
        assertThat(IngestBenchmark.pollPauseMillis(150_000, 300_000, TEN_SECONDS)).as("half, 10 s to go").isEqualTo(500);
        assertThat(IngestBenchmark.pollPauseMillis(270_000, 300_000, TEN_SECONDS))
                .as("a tenth left: about 1.1 s to go, a quarter of it").isEqualTo(277);
    }

    @Test
    void pollsOftenNearTheEnd() {
        assertThat(IngestBenchmark.pollPauseMillis(299_000, 300_000, TEN_SECONDS)).as("33 ms to go").isEqualTo(20);
        assertThat(IngestBenchmark.pollPauseMillis(300_000, 300_000, TEN_SECONDS))
                .as("all arrived, the last batch committing").isEqualTo(20);
        assertThat(IngestBenchmark.pollPauseMillis(300_010, 300_000, TEN_SECONDS))
                .as("redeliveries counted beyond the phase's messages").isEqualTo(20);
        assertThat(IngestBenchmark.pollPauseMillis(Double.NaN, 300_000, TEN_SECONDS)).as("a count that is not a number")
                .isEqualTo(20);
    }
}
