package io.liftwatch.common.mqtt;

import io.liftwatch.common.config.MqttConfig;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A consumer's MQTT side: a persistent QoS 1 session with manual acknowledgements. The session outlives
 * the process (clean start off, long expiry), so the broker queues while the consumer is away; the
 * receive maximum bounds how many unacknowledged messages the broker sends, which is the whole of the
 * consumer's backpressure. Each message is acknowledged only when its {@code ack} is run.
 */
public final class MqttSubscriber implements MqttCallback {
    private static final Logger LOG = LoggerFactory.getLogger(MqttSubscriber.class);

    /** Receives each message on Paho's callback thread; must not block. */
    public interface Sink {
        void accept(String topic, byte[] payload, long receivedAt, Runnable ack);
    }

    /**
     * @param clientId       stable: the broker keeps the session under it
     * @param topicFilter    e.g. a shared subscription {@code $share/ingest/lw/v1/+/+}
     * @param sessionExpiry  how long the broker keeps queueing while this client is away
     * @param receiveMaximum unacknowledged messages the broker may have in flight to this client
     */
    public record Settings(MqttConfig mqtt, String clientId, String topicFilter, java.time.Duration sessionExpiry,
                           int receiveMaximum) {
    }

    private final MqttConfig mqtt;
    private final Settings config;
    private final Sink sink;
    private final LongSupplier clock;
    private final AtomicLong connection = new AtomicLong();
    private MqttAsyncClient client;

    public MqttSubscriber(Settings config, Sink sink, LongSupplier clock) {
        this.mqtt = config.mqtt();
        this.config = config;
        this.sink = sink;
        this.clock = clock;
    }

    /** Connects and subscribes; blocks until both are done, so call it from a worker thread. */
    public void connect() throws MqttException {
        client = new MqttAsyncClient(mqtt.serverUri(), config.clientId(), new MemoryPersistence());
        client.setCallback(this);
        client.setManualAcks(true);
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(config.sessionExpiry().toSeconds());
        options.setReceiveMaximum(config.receiveMaximum());
        options.setAutomaticReconnect(true);
        options.setAutomaticReconnectDelay(1, 10);
        options.setKeepAliveInterval(30);
        options.setConnectionTimeout(10);
        if (mqtt.username() != null) {
            options.setUserName(mqtt.username());
            options.setPassword(mqtt.password() == null ? new byte[0] : mqtt.password().getBytes(StandardCharsets.UTF_8));
        }
        client.connect(options).waitForCompletion(15_000);
        subscribe();
    }

    private void subscribe() throws MqttException {
        IMqttToken token = client.subscribe(config.topicFilter(), 1);
        token.waitForCompletion(10_000);
        int[] granted = token.getReasonCodes();
        if (granted == null || granted.length == 0 || granted[0] > 2) {
            throw new IllegalStateException("broker refused the subscription to " + config.topicFilter()
                    + (granted == null || granted.length == 0 ? "" : " with reason code " + granted[0]));
        }
    }

    public boolean isConnected() {
        return client != null && client.isConnected();
    }

    public void disconnect() {
        if (client == null) {
            return;
        }
        try {
            client.disconnect(5_000).waitForCompletion(6_000);
        } catch (MqttException e) {
            LOG.debug("disconnect: {}", e.getMessage());
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("close: {}", e.getMessage());
        }
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        int id = message.getId();
        int qos = message.getQos();
        long generation = connection.get();
        sink.accept(topic, message.getPayload(), clock.getAsLong(), () -> acknowledge(id, qos, generation));
    }

    /**
     * Acknowledges on the connection the message arrived on. After a reconnect the broker resends what
     * was not acknowledged, under packet ids that may be reused: acknowledging an old id on the new
     * connection could confirm a different message, so such acks are dropped and the redelivery,
     * a duplicate by then, is absorbed by the idempotent write.
     */
    private void acknowledge(int id, int qos, long generation) {
        if (qos == 0 || generation != connection.get()) {
            return;
        }
        try {
            client.messageArrivedComplete(id, qos);
        } catch (MqttException e) {
            LOG.debug("ack of {} not sent: {}", id, e.getMessage());
        }
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
        connection.incrementAndGet();
        if (reconnect) {
            LOG.info("reconnected to {}", serverURI);
            try {
                // The persistent session keeps the subscription; subscribing again covers a broker that lost it.
                client.subscribe(config.topicFilter(), 1);
            } catch (MqttException e) {
                LOG.warn("resubscribe failed: {}", e.getMessage());
            }
        }
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        connection.incrementAndGet();
        LOG.warn("disconnected from broker: {}", response.getReasonString());
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
        LOG.warn("MQTT error: {}", exception.getMessage());
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
        // ingest publishes nothing
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
        // no enhanced authentication
    }
}
