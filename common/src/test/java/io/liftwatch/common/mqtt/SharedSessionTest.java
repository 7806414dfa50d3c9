package io.liftwatch.common.mqtt;

import io.liftwatch.harness.LocalMosquitto;
import io.liftwatch.testing.BrokerWithVertx;
import io.liftwatch.testing.IntegrationTest;
import io.liftwatch.testing.TestBroker;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Two consumers on one session: each gets every message in order, and a message counts as acknowledged to
 * the broker only once both have run their acks, which the broker's receive window makes visible.
 */
@IntegrationTest
class SharedSessionTest {
    private static final int WINDOW = 5;
    private static final int MESSAGES = 30;

    @AutoClose
    private static final BrokerWithVertx SERVICES = new BrokerWithVertx();
    private static final LocalMosquitto broker = SERVICES.broker;
    private static final Vertx vertx = SERVICES.vertx;

    @Test
    void theMessageIsAcknowledgedOnceWhenTheLastConsumerHasAcknowledgedIt() {
        AtomicInteger acknowledged = new AtomicInteger();
        Runnable[] acks = SharedSession.eachAcknowledges(3, acknowledged::incrementAndGet);

        acks[0].run();
        acks[0].run();
        acks[2].run();
        assertThat(acknowledged).as("one consumer twice and another once").hasValue(0);
        acks[1].run();
        assertThat(acknowledged).hasValue(1);
        acks[1].run();
        acks[0].run();
        assertThat(acknowledged).as("acks after the last").hasValue(1);
    }

    @Test
    void aSlowConsumerHoldsTheWindowForBothAndEachGetsEveryMessageInOrder() throws Exception {
        List<String> fastReceived = new CopyOnWriteArrayList<>();
        List<String> slowReceived = new CopyOnWriteArrayList<>();
        Queue<Runnable> slowUnacknowledged = new ConcurrentLinkedQueue<>();
        AtomicInteger mostInFlight = new AtomicInteger();
        SharedSession session = new SharedSession(vertx, new MqttSubscriber.Settings(TestBroker.config(broker), "shared-test",
                "shared/#", Duration.ofMinutes(5), WINDOW));
        session.share().open((topic, payload, at, ack) -> {
            fastReceived.add(new String(payload, StandardCharsets.UTF_8));
            ack.run();
        });
        session.share().open((topic, payload, at, ack) -> {
            slowReceived.add(new String(payload, StandardCharsets.UTF_8));
            slowUnacknowledged.add(ack);
            mostInFlight.accumulateAndGet(slowUnacknowledged.size(), Math::max);
        });
        session.connect();
        assertThatThrownBy(() -> session.share().open((topic, payload, at, ack) -> { }))
                .isInstanceOf(IllegalStateException.class);
        TestBroker.publishNumbered(broker, "shared/", MESSAGES);

        await().atMost(Duration.ofSeconds(10)).until(() -> slowReceived.size() == WINDOW);
        // The fast consumer acknowledged everything at once; only the slow one's acks make room.
        for (int expected = WINDOW + 1; expected <= MESSAGES; expected++) {
            slowUnacknowledged.poll().run();
            int atLeast = expected;
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(2))
                    .until(() -> slowReceived.size() >= atLeast);
        }
        slowUnacknowledged.forEach(Runnable::run);
        session.disconnect();

        assertThat(mostInFlight).hasValue(WINDOW);
        List<String> all = IntStream.range(0, MESSAGES).mapToObj(String::valueOf).toList();
        assertThat(slowReceived).containsExactlyElementsOf(all);
        assertThat(fastReceived).containsExactlyElementsOf(all);
    }
}
