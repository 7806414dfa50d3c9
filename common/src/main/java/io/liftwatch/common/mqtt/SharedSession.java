package io.liftwatch.common.mqtt;

import io.vertx.core.Vertx;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One persistent session for several consumers in one process, such as ingest and alerts on a single
 * machine: the broker then sends each message once instead of once per consumer, and reads one PUBACK for
 * it. A single-threaded broker spends most of its time on those sends and reads, so on a small machine this
 * is the difference between keeping up and falling behind.
 * <p>
 * Every consumer gets every message, in arrival order; the message is acknowledged when the last consumer
 * has run its ack, so a crash before that redelivers it to all of them, and each consumer already treats a
 * redelivery as a no-op. The price is one receive window for all: a consumer that falls behind holds back
 * the others' next messages too.
 */
public final class SharedSession {
    private final List<MqttSubscriber.Sink> members = new ArrayList<>();
    private final MqttSubscriber subscriber;
    private volatile List<MqttSubscriber.Sink> sinks;

    public SharedSession(Vertx vertx, MqttSubscriber.Settings settings) {
        this.subscriber = new MqttSubscriber(vertx, settings, this::deliver, System::currentTimeMillis);
    }

    /** A consumer's feed from this session; every share must be opened before {@link #connect}. */
    public MessageFeed share() {
        return new MessageFeed() {
            @Override
            public void open(MqttSubscriber.Sink sink) {
                synchronized (members) {
                    if (sinks != null) {
                        throw new IllegalStateException("a consumer joined the shared session after it connected");
                    }
                    members.add(sink);
                }
            }

            @Override
            public boolean isConnected() {
                return subscriber.isConnected();
            }

            @Override
            public String lastDisconnect() {
                return subscriber.lastDisconnect();
            }

            @Override
            public void close() {
            }
        };
    }

    /** Connects and subscribes once every consumer has opened its share; blocks, like {@link MqttSubscriber#connect}. */
    public void connect() throws IOException, InterruptedException {
        synchronized (members) {
            if (members.isEmpty()) {
                throw new IllegalStateException("no consumer opened a share of the session");
            }
            sinks = List.copyOf(members);
        }
        subscriber.connect();
    }

    /** Leaves the session to the broker, which keeps queueing, and closes the connection. */
    public void disconnect() {
        subscriber.disconnect();
    }

    private void deliver(String topic, byte[] payload, long receivedAt, Runnable ack) {
        List<MqttSubscriber.Sink> to = sinks;
        Runnable[] acks = eachAcknowledges(to.size(), ack);
        for (int i = 0; i < to.size(); i++) {
            to.get(i).accept(topic, payload, receivedAt, acks[i]);
        }
    }

    /**
     * One ack per consumer; {@code ack} runs once, when each of them has run. A consumer running its ack
     * twice counts once, so it can never acknowledge for another.
     */
    static Runnable[] eachAcknowledges(int consumers, Runnable ack) {
        if (consumers < 1 || consumers > 31) {
            throw new IllegalArgumentException("1 to 31 consumers, not " + consumers);
        }
        int all = (1 << consumers) - 1;
        AtomicInteger done = new AtomicInteger();
        Runnable[] acks = new Runnable[consumers];
        for (int i = 0; i < consumers; i++) {
            int mine = 1 << i;
            acks[i] = () -> {
                int before = done.getAndUpdate(seen -> seen | mine);
                if (before != all && (before | mine) == all) {
                    ack.run();
                }
            };
        }
        return acks;
    }
}
