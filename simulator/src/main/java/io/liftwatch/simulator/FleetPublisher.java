package io.liftwatch.simulator;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5ConnectBuilder;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import io.liftwatch.common.config.MqttConfig;
import io.liftwatch.common.mqtt.MqttClients;
import io.liftwatch.common.wire.ConnectionReport;
import io.liftwatch.common.wire.LiftMessage;
import io.liftwatch.common.wire.Topics;
import io.liftwatch.common.wire.WireEncoder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * Publishes lift messages at QoS 1 and records each publish and each broker acknowledgement in the
 * {@link Ledger}. Small fleets get one connection per lift, with the lift's Last Will on its retained
 * connection topic, as real controllers do; large fleets share a few connections (no per-lift will),
 * since thousands of clients would measure the simulator rather than the system. Outstanding publishes
 * per connection are bounded by the broker's Receive Maximum and {@code maxInFlight}; while a connection is
 * being reopened the client holds them and sends them once it is back.
 */
public final class FleetPublisher implements AutoCloseable {
    private final MqttConfig mqtt;
    private final String clientPrefix;
    private final int maxInFlight;
    private final Ledger ledger;
    private final Map<String, Connection> byLift = new ConcurrentHashMap<>();
    private final List<Connection> shared = new ArrayList<>();

    private record Connection(Mqtt5AsyncClient client, Semaphore window, int size) {
    }

    public FleetPublisher(MqttConfig mqtt, String clientPrefix, int maxInFlight, Ledger ledger) {
        this.mqtt = mqtt;
        this.clientPrefix = clientPrefix;
        this.maxInFlight = maxInFlight;
        this.ledger = ledger;
    }

    /** Connects one lift with its own client and Last Will, then publishes its online announcement. */
    public void connectLift(LiftModel lift) throws InterruptedException {
        ConnectionReport online = lift.connect();
        ConnectionReport will = lift.will(online);
        byLift.put(lift.liftId(), open(clientPrefix + "-" + lift.liftId(), connect -> connect.willPublish()
                .topic(Topics.of(lift.liftId(), will.kind())).payload(WireEncoder.encode(will))
                .qos(MqttQos.AT_LEAST_ONCE).retain(true).applyWillPublish()));
        publish(online);
    }

    /** Opens {@code count} connections shared by all lifts that have none of their own. */
    public void connectShared(int count) throws InterruptedException {
        for (int i = 0; i < count; i++) {
            shared.add(open(clientPrefix + "-shared-" + i, connect -> connect));
        }
    }

    /** Connects with a clean start; {@code will} adds the lift's Last Will, or nothing. */
    private Connection open(String clientId, UnaryOperator<Mqtt5ConnectBuilder.Send<CompletableFuture<Mqtt5ConnAck>>> will)
            throws InterruptedException {
        Mqtt5AsyncClient client = MqttClients.reconnecting(mqtt, clientId).buildAsync();
        Mqtt5ConnAck ack;
        try {
            ack = will.apply(client.connectWith().cleanStart(true).keepAlive(MqttClients.KEEP_ALIVE_SECONDS))
                    .send().get(15, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            client.disconnect();
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("cannot connect " + clientId + " to " + mqtt.serverUri() + ": "
                    + cause.getMessage(), cause);
        }
        int window = Math.min(maxInFlight, ack.getRestrictions().getReceiveMaximum());
        return new Connection(client, new Semaphore(window), window);
    }

    public void publish(LiftMessage message) throws InterruptedException {
        publishRaw(Topics.of(message.liftId(), message.kind()), WireEncoder.encode(message),
                message.kind().retained(), message);
    }

    /**
     * Publishes bytes as they are (for bad messages); {@code message} is recorded in the ledger when it
     * is not null. Blocks while the connection's window of unacknowledged publishes is full.
     */
    public void publishRaw(String topic, byte[] payload, boolean retained, LiftMessage message)
            throws InterruptedException {
        Connection connection = connectionFor(message != null ? message.liftId()
                : Topics.parse(topic).map(Topics.Address::liftId).orElse(topic));
        connection.window().acquire();
        send(connection, topic, payload, retained, message);
    }

    private void send(Connection connection, String topic, byte[] payload, boolean retained, LiftMessage message) {
        if (message != null) {
            ledger.published(message);
        }
        connection.client().publishWith().topic(topic).payload(payload).qos(MqttQos.AT_LEAST_ONCE).retain(retained)
                .send().whenComplete((result, failure) -> {
                    connection.window().release();
                    if (failure == null && result.getError().isEmpty() && message != null) {
                        ledger.acknowledged(message);
                    }
                });
    }

    private Connection connectionFor(String key) {
        Connection own = byLift.get(key);
        if (own != null) {
            return own;
        }
        if (shared.isEmpty()) {
            // A message for a lift without a connection of its own (a bad or foreign one): any connection will do.
            return byLift.values().stream().findFirst().orElseThrow(() -> new IllegalStateException(
                    "no connection for " + key + ": connect the lift or open shared connections"));
        }
        return shared.get(Math.floorMod(key.hashCode(), shared.size()));
    }

    /** Waits until every publish so far has been acknowledged or failed; false on timeout. */
    public boolean drain(long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        List<Connection> all = new ArrayList<>(shared);
        all.addAll(byLift.values());
        for (Connection connection : all) {
            long left = deadline - System.currentTimeMillis();
            if (!connection.window().tryAcquire(connection.size(), Math.max(left, 0), TimeUnit.MILLISECONDS)) {
                return false;
            }
            connection.window().release(connection.size());
        }
        return true;
    }

    @Override
    public void close() {
        List<Connection> all = new ArrayList<>(shared);
        all.addAll(byLift.values());
        for (Connection connection : all) {
            try {
                connection.client().disconnect().get(3, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException ignored) {
                // closing anyway
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        shared.clear();
        byLift.clear();
    }
}
