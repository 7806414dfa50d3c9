package io.liftwatch.common.mqtt;

import io.liftwatch.testing.FakeBroker;
import io.liftwatch.testing.IntegrationTest;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A batch's acknowledgements, run one after another by a writer thread as ingest's are after a commit, reach the
 * socket in a few flushes, not one each, and the broker in the order the messages came and only once run; so on
 * every connection, the first and the one after a reconnect.
 */
@IntegrationTest
class AckBurstTest {
    private static final String TOPIC = "lw/v1/31103201162020010001/status";
    private static final int BATCH = 1_000;

    @Test
    void aBatchsAcknowledgementsLeaveTogetherInArrivalOrderOnEveryConnection() throws Exception {
        try (FakeBroker broker = FakeBroker.start()) {
            List<Runnable> acks = new CopyOnWriteArrayList<>();
            MqttSubscriber subscriber = new MqttSubscriber(null, new MqttSubscriber.Settings(broker.config(), "ack-burst",
                    "lw/v1/+/+", Duration.ofHours(1), 2 * BATCH), (topic, payload, at, ack) -> acks.add(ack),
                    System::currentTimeMillis);
            try {
                subscriber.connect();
                List<FakeBroker.Message> sent = new ArrayList<>(burst(broker, broker.connection(0), subscriber, acks, "a"));

                // The broker ends the connection; the client comes back on a new channel, which gets the handler too.
                broker.connection(0).disconnect(0x8B, "restarting");
                sent.addAll(burst(broker, broker.connection(1), subscriber, acks, "b"));
                assertThat(broker.acknowledged()).containsExactlyElementsOf(sent);
            } finally {
                subscriber.disconnect();
            }
        }
    }

    /** Publishes a batch, runs its acknowledgements as a writer thread would, and checks how they reached the socket. */
    private static List<FakeBroker.Message> burst(FakeBroker broker, FakeBroker.Connection connection, MqttSubscriber subscriber,
                                                  List<Runnable> acks, String prefix) throws InterruptedException {
        await().atMost(Duration.ofSeconds(10)).until(() -> AckFlushes.channelOf(subscriber.clientConfig())
                .map(channel -> channel.isActive() && channel.pipeline().get(AckFlushes.NAME) != null).orElse(false));
        Channel channel = AckFlushes.channelOf(subscriber.clientConfig()).orElseThrow();
        AtomicInteger socketFlushes = new AtomicInteger();
        // Next to the socket: it counts the flushes that reach it.
        channel.pipeline().addFirst(new ChannelOutboundHandlerAdapter() {
            @Override
            public void flush(ChannelHandlerContext context) {
                socketFlushes.incrementAndGet();
                context.flush();
            }
        });
        int acknowledgedBefore = broker.acknowledged().size();
        acks.clear();
        List<FakeBroker.Message> sent = connection.publish(TOPIC, IntStream.range(0, BATCH)
                .mapToObj(i -> (prefix + i).getBytes(StandardCharsets.UTF_8)).toList());
        await().atMost(Duration.ofSeconds(20)).until(() -> acks.size() == BATCH);
        assertThat(broker.acknowledged()).as("nothing acknowledged before the writer runs the acks").hasSize(acknowledgedBefore);
        int flushesBefore = socketFlushes.get();

        Thread writer = new Thread(() -> acks.forEach(Runnable::run), "batch-writer");
        writer.start();
        writer.join();
        await().atMost(Duration.ofSeconds(20)).until(() -> broker.acknowledged().size() == acknowledgedBefore + BATCH);
        assertThat(socketFlushes.get() - flushesBefore).as("flushes that wrote %d PUBACKs to the socket", BATCH)
                .isBetween(1, BATCH / 10);
        return sent;
    }
}
