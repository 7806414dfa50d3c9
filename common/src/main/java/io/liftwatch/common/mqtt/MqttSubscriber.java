package io.liftwatch.common.mqtt;

import io.liftwatch.common.config.MqttConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * A consumer's MQTT side: a persistent QoS 1 session with manual acknowledgements. The session outlives
 * the process (clean start off, long expiry), so the broker queues while the consumer is away; the
 * receive maximum bounds how many unacknowledged messages the broker sends, which is the whole of the
 * consumer's backpressure. Each message is acknowledged only when its {@code ack} is run.
 * <p>
 * The connection lives on one Vert.x event loop: a read hands over every packet it holds, and the
 * acknowledgements of a committed batch leave in one write. A thread-per-connection client pays a system
 * call per packet and a thread hand-over per message and per acknowledgement, which on two cores shared
 * with the broker and the database was most of a consumer's CPU.
 */
public final class MqttSubscriber {
    private static final Logger LOG = LoggerFactory.getLogger(MqttSubscriber.class);
    private static final int KEEP_ALIVE_SECONDS = 30;
    private static final int SUBSCRIBE_PACKET_ID = 1;
    private static final long MAX_RECONNECT_DELAY_MILLIS = 10_000;

    /** Receives each message on the connection's event loop; must not block. */
    public interface Sink {
        void accept(String topic, byte[] payload, long receivedAt, Runnable ack);
    }

    /**
     * @param clientId       stable: the broker keeps the session under it
     * @param topicFilter    e.g. a shared subscription {@code $share/ingest/lw/v1/+/+}
     * @param sessionExpiry  how long the broker keeps queueing while this client is away
     * @param receiveMaximum unacknowledged messages the broker may have in flight to this client
     */
    public record Settings(MqttConfig mqtt, String clientId, String topicFilter, Duration sessionExpiry,
                           int receiveMaximum) {
    }

    /** The broker refused the connection or the subscription, or did not answer in time. */
    public static final class RefusedException extends IOException {
        RefusedException(String message) {
            super(message);
        }
    }

    private final Vertx vertx;
    private final Settings settings;
    private final Sink sink;
    private final LongSupplier clock;
    private final NetClient netClient;
    private final MqttPackets.Reader reader = new MqttPackets.Reader(this::received);
    /** Commits waiting for the event loop, each as generation << 32 | position in {@link #ackOrder}. */
    private final ConcurrentLinkedQueue<Long> acks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean ackWriteScheduled = new AtomicBoolean();

    // Owned by the event loop.
    private final AckOrder ackOrder;
    private Context context;
    private NetSocket socket;
    private Promise<MqttPackets.ConnAck> connAck;
    private Promise<Integer> subAck;
    private long pingTimer = -1;
    private long lastHeardMillis;
    private long reconnectDelayMillis = 1_000;

    /** Bumped on every connection and loss of one; an ack from an earlier connection is not sent. */
    private volatile long generation;
    private volatile boolean connected;
    private volatile boolean stopping;

    public MqttSubscriber(Vertx vertx, Settings settings, Sink sink, LongSupplier clock) {
        this.vertx = vertx;
        this.settings = settings;
        this.sink = sink;
        this.clock = clock;
        this.ackOrder = new AckOrder(settings.receiveMaximum());
        NetClientOptions options = new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(10_000)
                .setReceiveBufferSize(256 * 1024);
        if (settings.mqtt().tls()) {
            options.setSsl(true).setHostnameVerificationAlgorithm("HTTPS");
        }
        this.netClient = vertx.createNetClient(options);
    }

    /**
     * Connects and subscribes; blocks until both are done, so call it from a worker thread. Once this has
     * succeeded, a lost connection is reopened by itself, waiting 1 s, then twice as long up to 10 s.
     */
    public void connect() throws IOException, InterruptedException {
        Promise<Void> done = Promise.promise();
        vertx.runOnContext(ignored -> {
            context = Vertx.currentContext();
            open().onComplete(done);
        });
        try {
            done.future().toCompletionStage().toCompletableFuture().get(25, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new RefusedException("no answer from the MQTT broker at " + settings.mqtt().serverUri() + " in 25 s");
        }
    }

    private Future<Void> open() {
        return netClient.connect(settings.mqtt().port(), settings.mqtt().host()).compose(opened -> {
            socket = opened;
            reader.reset();
            ackOrder.reset();
            generation++;
            lastHeardMillis = System.currentTimeMillis();
            socket.handler(this::readSafely);
            socket.closeHandler(ignored -> lost(opened));
            connAck = Promise.promise();
            MqttConfig mqtt = settings.mqtt();
            socket.write(MqttPackets.connect(settings.clientId(), false, KEEP_ALIVE_SECONDS,
                    settings.sessionExpiry().toSeconds(), settings.receiveMaximum(), mqtt.username(), mqtt.password()));
            return connAck.future().timeout(15, TimeUnit.SECONDS);
        }).compose(ack -> {
            if (ack.reason() != 0) {
                socket.close();
                return Future.failedFuture(new RefusedException("the MQTT broker refused the connection: reason 0x"
                        + Integer.toHexString(ack.reason()) + (ack.reasonString() == null ? "" : " " + ack.reasonString())));
            }
            int keepAlive = ack.serverKeepAlive() >= 0 ? ack.serverKeepAlive() : KEEP_ALIVE_SECONDS;
            startPinging(keepAlive);
            subAck = Promise.promise();
            // The persistent session keeps the subscription; subscribing again covers a broker that lost it.
            socket.write(MqttPackets.subscribe(SUBSCRIBE_PACKET_ID, settings.topicFilter(), 1));
            return subAck.future().timeout(10, TimeUnit.SECONDS);
        }).compose(granted -> {
            if (granted > 2) {
                socket.close();
                return Future.failedFuture(new RefusedException("broker refused the subscription to "
                        + settings.topicFilter() + " with reason code " + granted));
            }
            connected = true;
            reconnectDelayMillis = 1_000;
            return Future.<Void>succeededFuture();
        }).onFailure(failure -> {
            if (socket != null) {
                socket.close();
            }
        });
    }

    private void startPinging(int keepAliveSeconds) {
        if (pingTimer >= 0) {
            vertx.cancelTimer(pingTimer);
            pingTimer = -1;
        }
        if (keepAliveSeconds == 0) {
            return;
        }
        NetSocket pinged = socket;
        long intervalMillis = keepAliveSeconds * 1000L / 2;
        pingTimer = vertx.setPeriodic(intervalMillis, id -> {
            if (socket != pinged) {
                vertx.cancelTimer(id);
                return;
            }
            if (System.currentTimeMillis() - lastHeardMillis > keepAliveSeconds * 1500L) {
                LOG.warn("no word from the MQTT broker in {} s: reconnecting", keepAliveSeconds * 3 / 2);
                pinged.close();
                return;
            }
            pinged.write(MqttPackets.pingRequest());
        });
    }

    private void readSafely(Buffer chunk) {
        lastHeardMillis = System.currentTimeMillis();
        try {
            reader.feed(chunk);
        } catch (RuntimeException e) {
            // A malformed packet, or a sink that failed: the connection goes, and what was not acknowledged
            // comes again on the next one.
            LOG.error("closing the MQTT connection: {}", e.toString(), e);
            socket.close();
        }
    }

    private void received(int type, int flags, byte[] bytes, int offset, int length) {
        switch (type) {
            case MqttPackets.PUBLISH -> {
                MqttPackets.Publish publish = MqttPackets.publish(flags, bytes, offset, length);
                long arrival = generation;
                Runnable ack = publish.qos() == 0 ? () -> { }
                        : acknowledgement(arrival, ackOrder.arrived(publish.packetId()));
                sink.accept(publish.topic(), publish.payload(), clock.getAsLong(), ack);
            }
            case MqttPackets.CONNACK -> {
                if (connAck != null) {
                    connAck.tryComplete(MqttPackets.connAck(Arrays.copyOfRange(bytes, offset, offset + length)));
                }
            }
            case MqttPackets.SUBACK -> {
                byte[] body = Arrays.copyOfRange(bytes, offset, offset + length);
                if (subAck != null && MqttPackets.packetId(body) == SUBSCRIBE_PACKET_ID) {
                    subAck.tryComplete(MqttPackets.subAckReason(body));
                }
            }
            case MqttPackets.DISCONNECT -> LOG.warn("the MQTT broker is closing the connection: reason 0x{}",
                    length > 0 ? Integer.toHexString(bytes[offset] & 0xFF) : "0");
            default -> {
                // PINGRESP only proves the broker is there, which any packet does; AUTH is not used.
            }
        }
    }

    /**
     * Acknowledges on the connection the message arrived on, once every message that arrived before it
     * is acknowledged too. After a reconnect the broker resends what was not acknowledged, under packet
     * ids that may be reused: acknowledging an old id on the new connection could confirm a different
     * message, so such acks are dropped and the redelivery, a duplicate by then, is absorbed by the
     * idempotent write.
     */
    private Runnable acknowledgement(long arrival, int position) {
        return () -> {
            if (arrival != generation) {
                return;
            }
            acks.add(arrival << 32 | (position & 0xFFFFFFFFL));
            if (ackWriteScheduled.compareAndSet(false, true)) {
                context.runOnContext(ignored -> writeAcks());
            }
        };
    }

    private void writeAcks() {
        ackWriteScheduled.set(false);
        for (Long ack = acks.poll(); ack != null; ack = acks.poll()) {
            if (ack >>> 32 == generation) {
                ackOrder.committed((int) ack.longValue());
            }
        }
        Buffer out = Buffer.buffer(64);
        ackOrder.release(packetId -> MqttPackets.appendPubAck(out, packetId));
        if (out.length() > 0 && socket != null) {
            socket.write(out);
        }
    }

    private void lost(NetSocket closed) {
        if (closed != socket) {
            return;
        }
        boolean wasConnected = connected;
        connected = false;
        generation++;
        socket = null;
        if (connAck != null) {
            connAck.tryFail(new RefusedException("the MQTT broker closed the connection before accepting it"));
        }
        if (subAck != null) {
            subAck.tryFail(new RefusedException("the MQTT broker closed the connection before the subscription"));
        }
        // A connection that never came up is the business of whoever opened it: connect() or a reconnect.
        if (stopping || !wasConnected) {
            return;
        }
        LOG.warn("disconnected from the MQTT broker: reconnecting in {} ms", reconnectDelayMillis);
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        long delay = reconnectDelayMillis;
        reconnectDelayMillis = Math.min(reconnectDelayMillis * 2, MAX_RECONNECT_DELAY_MILLIS);
        vertx.setTimer(delay, id -> {
            if (stopping) {
                return;
            }
            open().onSuccess(ignored -> LOG.info("reconnected to {}", settings.mqtt().serverUri()))
                    .onFailure(failure -> {
                        LOG.warn("reconnect to {} failed: {}", settings.mqtt().serverUri(), failure.getMessage());
                        if (!stopping) {
                            scheduleReconnect();
                        }
                    });
        });
    }

    public boolean isConnected() {
        return connected;
    }

    /** Leaves the session to the broker (it keeps queueing for its expiry) and closes the connection. */
    public void disconnect() {
        stopping = true;
        if (context == null) {
            netClient.close();
            return;
        }
        Promise<Void> closed = Promise.promise();
        context.runOnContext(ignored -> {
            if (pingTimer >= 0) {
                vertx.cancelTimer(pingTimer);
            }
            connected = false;
            if (socket == null) {
                closed.complete();
                return;
            }
            NetSocket last = socket;
            last.write(MqttPackets.disconnect()).eventually(last::close).onComplete(ignoredClose -> closed.complete());
        });
        try {
            closed.future().toCompletionStage().toCompletableFuture().get(6, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.debug("disconnect: {}", e.getMessage());
        }
        netClient.close();
    }
}
