package io.liftwatch.common.batch;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class BatchQueueTest {

    @Test
    void aFullBatchIsTakenInArrivalOrderAndTheRestAfterTheDelay() throws Exception {
        BatchQueue<Integer> queue = new BatchQueue<>(3, Duration.ofMillis(20));
        for (int i = 1; i <= 5; i++) {
            queue.add(i);
        }
        List<Integer> first = new ArrayList<>();
        List<Integer> second = new ArrayList<>();

        assertThat(queue.take(first, Duration.ofSeconds(1))).isTrue();
        long started = System.nanoTime();
        assertThat(queue.take(second, Duration.ofSeconds(1))).isTrue();

        assertThat(first).containsExactly(1, 2, 3);
        assertThat(second).containsExactly(4, 5);
        assertThat(System.nanoTime() - started).as("a partial batch waits out its delay")
                .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(20));
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void nothingWithinTheIdleTimeLeavesTheBatchEmpty() throws Exception {
        BatchQueue<Integer> queue = new BatchQueue<>(3, Duration.ofMillis(20));
        List<Integer> batch = new ArrayList<>();

        assertThat(queue.take(batch, Duration.ofMillis(10))).isFalse();
        assertThat(batch).isEmpty();
    }

    @Test
    void aWaitingTakerIsWokenByTheFirstItemAndAgainWhenTheBatchFills() throws Exception {
        // A delay far longer than the test may take: only the full batch can end the wait in time.
        BatchQueue<Integer> queue = new BatchQueue<>(4, Duration.ofMinutes(5));
        List<Integer> batch = new ArrayList<>();
        CompletableFuture<Boolean> taken = CompletableFuture.supplyAsync(() -> {
            try {
                return queue.take(batch, Duration.ofMinutes(5));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        for (int i = 1; i <= 4; i++) {
            queue.add(i);
        }

        assertThat(taken.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(batch).containsExactly(1, 2, 3, 4);
    }
}
