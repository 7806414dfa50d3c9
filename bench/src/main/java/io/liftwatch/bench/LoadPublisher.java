package io.liftwatch.bench;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import io.liftwatch.common.config.MqttConfig;
import io.liftwatch.common.mqtt.MqttClients;
import io.liftwatch.common.wire.LiftMessage;
import io.liftwatch.common.wire.Topics;
import io.liftwatch.common.wire.WireEncoder;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The load source of the benchmarks: a fleet's QoS 1 stream over a few clean sessions of the project's MQTT
 * client, each with a window of unacknowledged publishes. In the field each lift publishes from its own
 * controller, so the system's machine pays nothing for publishing; a load source sharing that machine should
 * take as little of it as it can. {@link io.liftwatch.simulator.FleetPublisher} (reconnecting, with a ledger
 * of each message) is what the simulator and the loss tests use; this one fails on any connection loss or
 * refused publish and only counts.
 */
public final class LoadPublisher implements AutoCloseable {
    private final List<Lane> lanes = new ArrayList<>();
    /** Where the topics start: {@link Topics#PREFIX} for the lift topics. */
    private final String root;

    private LoadPublisher(String root) {
        this.root = root;
    }

    /** Opens {@code connections} clean sessions; each keeps at most {@code window} publishes unacknowledged. */
    public static LoadPublisher connect(MqttConfig mqtt, String clientPrefix, int connections, int window)
            throws IOException {
        return connect(mqtt, clientPrefix, connections, window, Topics.PREFIX);
    }

    /**
     * As {@link #connect(MqttConfig, String, int, int)}, publishing under {@code root} instead of the lift topics'
     * {@link Topics#PREFIX}: a stream that a subscriber of the lift topics, such as a running ingest, does not get.
     */
    public static LoadPublisher connect(MqttConfig mqtt, String clientPrefix, int connections, int window, String root)
            throws IOException {
        LoadPublisher publisher = new LoadPublisher(root);
        try {
            for (int i = 0; i < connections; i++) {
                publisher.lanes.add(new Lane(mqtt, clientPrefix + "-" + i, window));
            }
        } catch (IOException | RuntimeException e) {
            publisher.close();
            throw e;
        }
        return publisher;
    }

    /** Makes a lift's next message once its connection has room, so its device time is not aged by a queue. */
    public void publish(String liftId, Supplier<LiftMessage> make) throws IOException, InterruptedException {
        Lane lane = lanes.get(Math.floorMod(liftId.hashCode(), lanes.size()));
        lane.acquire();
        LiftMessage message = make.get();
        // Topics.of's topic under this root, built the same way whatever the root, so every stream costs the same.
        lane.send(root + message.liftId() + "/" + message.kind().topicSuffix(), WireEncoder.encode(message));
    }

    /** Waits until message {@code index} of a stream paced at {@code rate} a second since {@code startNanos} is due. */
    public void awaitTurn(long startNanos, long index, double rate) throws InterruptedException {
        long wait = startNanos + (long) (index * 1e9 / rate) - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    /** Waits until the broker has acknowledged everything; false on timeout. */
    public boolean drain(long timeoutMillis) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        for (Lane lane : lanes) {
            if (!lane.window.tryAcquire(lane.size, Math.max(0, deadline - System.currentTimeMillis()),
                    TimeUnit.MILLISECONDS)) {
                return false;
            }
            lane.window.release(lane.size);
            lane.check();
        }
        return true;
    }

    /** Publishes the broker acknowledged with a success code. */
    public long acknowledged() {
        return lanes.stream().mapToLong(lane -> lane.acknowledged.get()).sum();
    }

    @Override
    public void close() {
        lanes.forEach(Lane::close);
    }

    private static final class Lane {
        /**
         * Brokers may refuse a keep-alive of 0 ("never time out"), and Mosquitto with a {@code max_keepalive}
         * drops such a client within seconds; a lane may idle between a benchmark's phases.
         */
        private static final int KEEP_ALIVE_SECONDS = 60;

        private final Mqtt5AsyncClient client;
        private volatile Semaphore window;
        private volatile int size;
        private final AtomicLong acknowledged = new AtomicLong();
        private volatile String failure;

        Lane(MqttConfig mqtt, String clientId, int window) throws IOException {
            client = MqttClients.builder(mqtt, clientId)
                    .addDisconnectedListener(context -> fail("connection lost: " + context.getCause()))
                    .buildAsync();
            Mqtt5ConnAck ack;
            try {
                ack = client.connectWith().cleanStart(true).keepAlive(KEEP_ALIVE_SECONDS).send().get(15, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IOException("the broker at " + mqtt.serverUri() + " refused " + clientId + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while connecting " + clientId, e);
            }
            size = Math.min(window, ack.getRestrictions().getReceiveMaximum());
            this.window = new Semaphore(size);
        }

        void acquire() throws IOException, InterruptedException {
            window.acquire();
            check();
        }

        void send(String topic, byte[] payload) {
            client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send()
                    .whenComplete((result, error) -> {
                        if (error != null) {
                            fail("a publish failed: " + error.getMessage());
                        } else if (result.getError().isPresent()) {
                            fail("the broker refused a publish: " + result.getError().get().getMessage());
                        } else {
                            acknowledged.incrementAndGet();
                        }
                        window.release();
                    });
        }

        private void fail(String reason) {
            failure = failure != null ? failure : reason;
            if (window != null) {
                // Wake anyone waiting for room: they will see the failure.
                window.release(size);
            }
        }

        void check() throws IOException {
            if (failure != null) {
                throw new IOException(failure);
            }
        }

        void close() {
            failure = failure != null ? failure : "closed";
            client.disconnect();
        }
    }
}
