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

    @Test
    void anUrgentItemClosesItsBatchAtOnce() throws Exception {
        BatchQueue<Integer> queue = new BatchQueue<>(3, Duration.ofMinutes(5));
        queue.add(1);
        queue.add(2, true);
        queue.add(3);
        queue.add(4);
        List<Integer> batch = new ArrayList<>();

        // Within the test's time only the urgent item can close the batch: the delay is five minutes.
        assertThat(CompletableFuture.supplyAsync(() -> take(queue, batch)).get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(batch).containsExactly(1, 2, 3);
    }

    @Test
    void theBatchAfterAnUrgentOneWaitsOutItsDelay() throws Exception {
        BatchQueue<Integer> queue = new BatchQueue<>(3, Duration.ofMillis(100));
        queue.add(1, true);
        List<Integer> first = new ArrayList<>();
        List<Integer> second = new ArrayList<>();
        assertThat(queue.take(first, Duration.ofSeconds(1))).isTrue();

        queue.add(2);
        long started = System.nanoTime();
        assertThat(queue.take(second, Duration.ofSeconds(1))).isTrue();

        assertThat(first).containsExactly(1);
        assertThat(second).containsExactly(2);
        assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
    }

    private static boolean take(BatchQueue<Integer> queue, List<Integer> batch) {
        try {
            return queue.take(batch, Duration.ofMinutes(5));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
