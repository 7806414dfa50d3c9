package io.liftwatch.common.mqtt;

import com.hivemq.client.mqtt.MqttClientConfig;
import com.hivemq.client.mqtt.MqttClientState;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAck;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.liftwatch.common.config.MqttConfig;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * A consumer's MQTT side: a persistent QoS 1 session with manual acknowledgements, on the HiveMQ MQTT client.
 * The session outlives the process (clean start off, long expiry), so the broker queues while the consumer is
 * away; the Receive Maximum bounds how many unacknowledged messages the broker sends, which is the whole of
 * the consumer's backpressure. Each message is acknowledged only when its {@code ack} is run.
 * <p>
 * What the library guarantees and this class relies on: PUBACKs leave in the order the messages arrived,
 * whatever order they are acknowledged in ([MQTT-4.6.0-2]); an acknowledgement of a message from an earlier
 * connection is dropped (the broker resends it under a new packet id, a duplicate the idempotent write
 * absorbs); a broker that exceeds the Receive Maximum or the Maximum Packet Size, or sends a malformed
 * packet, is disconnected with the specification's reason code; a lost connection is reopened with
 * exponential back-off and jitter.
 */
public final class MqttSubscriber {
    private static final Logger LOG = LoggerFactory.getLogger(MqttSubscriber.class);
    private static final long MAX_SESSION_EXPIRY_SECONDS = 0xFFFF_FFFFL;

    /** Receives each message on the client's I/O thread, in arrival order; must not block. */
    public interface Sink {
        void accept(String topic, byte[] payload, long receivedAt, Runnable ack);
    }

    /**
     * Checked at construction, so a service with a window or session the broker cannot honour does not start.
     *
     * @param clientId       stable: the broker keeps the session under it
     * @param topicFilter    e.g. a shared subscription {@code $share/ingest/lw/v1/+/+}
     * @param sessionExpiry  how long the broker keeps queueing while this client is away: at least a second
     * @param receiveMaximum unacknowledged messages the broker may have in flight to this client (1–65,535)
     */
    public record Settings(MqttConfig mqtt, String clientId, String topicFilter, Duration sessionExpiry,
                           int receiveMaximum) {
        public Settings {
            if (clientId == null || clientId.isBlank()) {
                throw new IllegalArgumentException("an MQTT consumer needs a stable client id");
            }
            if (topicFilter == null || topicFilter.isBlank()) {
                throw new IllegalArgumentException("an MQTT consumer needs a topic filter");
            }
            if (receiveMaximum < 1 || receiveMaximum > 65_535) {
                throw new IllegalArgumentException("the receive maximum of " + clientId + " must be 1 to 65535, not "
                        + receiveMaximum);
            }
            if (sessionExpiry == null || sessionExpiry.toSeconds() < 1 || sessionExpiry.toSeconds() > MAX_SESSION_EXPIRY_SECONDS) {
                throw new IllegalArgumentException("the session expiry of " + clientId + " must be 1 s to "
                        + MAX_SESSION_EXPIRY_SECONDS + " s, not " + sessionExpiry
                        + ": without one the broker drops what it queued the moment the consumer goes");
            }
        }
    }

    /** The broker refused the connection or the subscription, or did not answer in time. */
    public static final class RefusedException extends IOException {
        RefusedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Settings settings;
    private final Sink sink;
    private final LongSupplier clock;
    private final Mqtt5AsyncClient client;
    private volatile boolean subscribed;
    private volatile boolean stopping;
    private volatile String lastDisconnect;

    /** {@code vertx} is not used any more: the client has its own I/O threads. */
    public MqttSubscriber(Vertx vertx, Settings settings, Sink sink, LongSupplier clock) {
        this.settings = settings;
        this.sink = sink;
        this.clock = clock;
        this.client = MqttClients.reconnecting(settings.mqtt(), settings.clientId())
                .addDisconnectedListener(this::disconnected)
                .addConnectedListener(context -> {
                    AckFlushes.install(context.getClientConfig());
                    if (subscribed) {
                        LOG.info("reconnected to {}", settings.mqtt().serverUri());
                    }
                })
                .buildAsync();
    }

    /**
     * Connects and subscribes; blocks until both are done, so call it from a worker thread. Once this has
     * succeeded, a lost connection is reopened by itself.
     */
    public void connect() throws IOException, InterruptedException {
        // Registered first: a resumed session's queue starts flowing as soon as the broker accepts us.
        client.publishes(MqttGlobalPublishFilter.ALL, this::received, Runnable::run, true);
        Mqtt5ConnAck connAck = await(client.connectWith()
                .cleanStart(false)
                .sessionExpiryInterval(settings.sessionExpiry().toSeconds())
                .keepAlive(MqttClients.KEEP_ALIVE_SECONDS)
                .restrictions()
                .receiveMaximum(settings.receiveMaximum())
                .maximumPacketSize(MqttClients.MAXIMUM_PACKET_SIZE)
                .applyRestrictions()
                .send(), 25, "connection");
        connAck.getSessionExpiryInterval().ifPresent(granted -> {
            if (granted < settings.sessionExpiry().toSeconds()) {
                LOG.warn("the MQTT broker keeps the session of {} for {} s only, not the {} s asked for: a longer absence"
                        + " loses what it queued", settings.clientId(), granted, settings.sessionExpiry().toSeconds());
            }
        });
        if (connAck.getRestrictions().getMaximumQos().getCode() < MqttQos.AT_LEAST_ONCE.getCode()) {
            stopQuietly();
            throw new RefusedException("the MQTT broker offers QoS 0 only; LiftWatch needs QoS 1", null);
        }
        // A new session (first start, or one that expired) must subscribe before it is up. A resumed one keeps its
        // subscription and the broker is already resending what it holds: subscribing again only covers a
        // changed topic filter, so its answer is not waited for, which could take long behind a full window.
        CompletableFuture<Mqtt5SubAck> subscription = client.subscribeWith().topicFilter(settings.topicFilter())
                .qos(MqttQos.AT_LEAST_ONCE).send();
        if (connAck.isSessionPresent()) {
            subscription.whenComplete((subAck, failure) -> {
                if (failure != null || subAck.getReasonCodes().get(0).isError()) {
                    LOG.error("the MQTT broker refused the subscription to {}: {}", settings.topicFilter(),
                            failure != null ? failure.getMessage() : subAck.getReasonCodes().get(0));
                }
            });
        } else {
            Mqtt5SubAckReasonCode granted = await(subscription, 25, "subscription to " + settings.topicFilter())
                    .getReasonCodes().get(0);
            if (granted.isError()) {
                stopQuietly();
                throw new RefusedException("the MQTT broker refused the subscription to " + settings.topicFilter()
                        + ": " + granted, null);
            }
        }
        subscribed = true;
    }

    private <T> T await(CompletableFuture<T> step, int seconds, String what) throws IOException, InterruptedException {
        try {
            return step.get(seconds, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            stopQuietly();
            throw new RefusedException("the MQTT broker at " + settings.mqtt().serverUri() + " refused the " + what + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            stopQuietly();
            throw new RefusedException("no answer from the MQTT broker at " + settings.mqtt().serverUri() + " to the "
                    + what + " in " + seconds + " s", e);
        }
    }

    private void received(Mqtt5Publish publish) {
        Runnable ack = publish.getQos() == MqttQos.AT_MOST_ONCE ? () -> { } : () -> acknowledge(publish);
        try {
            sink.accept(publish.getTopic().toString(), publish.getPayloadAsBytes(), clock.getAsLong(), ack);
        } catch (RuntimeException e) {
            // Left unacknowledged: the broker resends it on the next connection.
            LOG.error("a consumer failed on a message from {}: {}", publish.getTopic(), e.toString(), e);
        }
    }

    private static void acknowledge(Mqtt5Publish publish) {
        try {
            publish.acknowledge();
        } catch (IllegalStateException twice) {
            // Acknowledged already: a consumer's second ack counts once.
        }
    }

    private void disconnected(MqttClientDisconnectedContext context) {
        String reason = DisconnectReasons.describe(context.getSource(), context.getCause());
        lastDisconnect = reason + " (" + Instant.now() + ")";
        if (stopping || !subscribed) {
            // Stopping, or never up: whoever called connect() hears of it; nothing reconnects behind its back.
            context.getReconnector().reconnect(false);
            return;
        }
        LOG.warn("disconnected from the MQTT broker at {}: {}; reconnecting in {} ms", settings.mqtt().serverUri(), reason,
                context.getReconnector().getDelay(TimeUnit.MILLISECONDS));
    }

    public boolean isConnected() {
        return subscribed && !stopping && client.getState() == MqttClientState.CONNECTED;
    }

    /** The client's settings and, while connected, its connection's. */
    MqttClientConfig clientConfig() {
        return client.getConfig();
    }

    /** Why the last connection ended (who closed it, the DISCONNECT reason code and string), or null. */
    public String lastDisconnect() {
        return lastDisconnect;
    }

    /** Leaves the session to the broker (it keeps queueing for its expiry) and closes the connection. */
    public void disconnect() {
        stopping = true;
        try {
            client.disconnect().get(6, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.debug("disconnect: {}", e.getMessage());
        }
    }

    private void stopQuietly() {
        stopping = true;
        client.disconnect();
    }
}
