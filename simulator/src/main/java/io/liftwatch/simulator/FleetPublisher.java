package io.liftwatch.simulator;

import io.liftwatch.common.config.MqttConfig;
import io.liftwatch.common.wire.ConnectionReport;
import io.liftwatch.common.wire.LiftMessage;
import io.liftwatch.common.wire.Topics;
import io.liftwatch.common.wire.WireEncoder;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Publishes lift messages at QoS 1 and records each publish and each broker acknowledgement in the
 * {@link Ledger}. Small fleets get one connection per lift, with the lift's Last Will on its retained
 * connection topic, as real controllers do; large fleets share a few connections (no per-lift will),
 * since thousands of clients would measure the simulator rather than the system. Outstanding publishes
 * per connection are bounded, as Paho requires.
 */
public final class FleetPublisher implements AutoCloseable {
    private final MqttConfig mqtt;
    private final String clientPrefix;
    private final int maxInFlight;
    private final Ledger ledger;
    private final Map<String, Connection> byLift = new ConcurrentHashMap<>();
    private final List<Connection> shared = new ArrayList<>();

    private record Connection(MqttAsyncClient client, Semaphore window, int size) {
    }

    public FleetPublisher(MqttConfig mqtt, String clientPrefix, int maxInFlight, Ledger ledger) {
        this.mqtt = mqtt;
        this.clientPrefix = clientPrefix;
        this.maxInFlight = maxInFlight;
        this.ledger = ledger;
    }

    /** Connects one lift with its own client and Last Will, then publishes its online announcement. */
    public void connectLift(LiftModel lift) throws MqttException, InterruptedException {
        ConnectionReport online = lift.connect();
        ConnectionReport will = lift.will(online);
        MqttConnectionOptions options = options();
        MqttMessage willMessage = new MqttMessage(WireEncoder.encode(will), 1, true, null);
        options.setWill(Topics.of(lift.liftId(), will.kind()), willMessage);
        byLift.put(lift.liftId(), open(clientPrefix + "-" + lift.liftId(), options));
        publish(online);
    }

    /** Opens {@code count} connections shared by all lifts that have none of their own. */
    public void connectShared(int count) throws MqttException {
        for (int i = 0; i < count; i++) {
            shared.add(open(clientPrefix + "-shared-" + i, options()));
        }
    }

    private MqttConnectionOptions options() {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setAutomaticReconnect(true);
        options.setAutomaticReconnectDelay(1, 5);
        options.setKeepAliveInterval(30);
        options.setConnectionTimeout(10);
        if (mqtt.username() != null) {
            options.setUserName(mqtt.username());
            options.setPassword(mqtt.password() == null ? new byte[0] : mqtt.password().getBytes(StandardCharsets.UTF_8));
        }
        return options;
    }

    private Connection open(String clientId, MqttConnectionOptions options) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(mqtt.serverUri(), clientId, new MemoryPersistence());
        IMqttToken token = client.connect(BufferedSockets.apply(options, mqtt));
        token.waitForCompletion(15_000);
        Integer brokerWindow = token.getResponseProperties() == null ? null
                : token.getResponseProperties().getReceiveMaximum();
        int window = Math.min(maxInFlight, brokerWindow == null ? 65_535 : brokerWindow);
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

    private void send(Connection connection, String topic, byte[] payload, boolean retained, LiftMessage message)
            throws InterruptedException {
        if (message != null) {
            ledger.published(message);
        }
        MqttMessage mqttMessage = new MqttMessage(payload, 1, retained, null);
        while (true) {
            try {
                connection.client().publish(topic, mqttMessage, null, new MqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken token) {
                        connection.window().release();
                        if (message != null) {
                            ledger.acknowledged(message);
                        }
                    }

                    @Override
                    public void onFailure(IMqttToken token, Throwable failure) {
                        connection.window().release();
                    }
                });
                return;
            } catch (MqttException e) {
                // Not connected right now, or Paho's own in-flight limit: wait and try again.
                TimeUnit.MILLISECONDS.sleep(50);
            }
        }
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
                connection.client().disconnect(2_000).waitForCompletion(3_000);
            } catch (MqttException ignored) {
                // closing anyway
            }
            try {
                connection.client().close(true);
            } catch (MqttException ignored) {
                // closing anyway
            }
        }
        shared.clear();
        byLift.clear();
    }
}
