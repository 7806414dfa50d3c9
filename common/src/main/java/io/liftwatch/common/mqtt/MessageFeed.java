package io.liftwatch.common.mqtt;

import io.vertx.core.Vertx;

import java.io.IOException;

/**
 * Where a consumer's messages come from: a persistent session of its own, or its share of a session that
 * the consumers of one process hold together ({@link SharedSession}). Either way each message reaches the
 * consumer's sink in arrival order and is acknowledged only once its ack has run.
 */
public interface MessageFeed {
    /** Starts delivering to {@code sink}: an own session connects now (blocking), a share when its session does. */
    void open(MqttSubscriber.Sink sink) throws IOException, InterruptedException;

    boolean isConnected();

    /** Why the session's last connection ended (the broker's DISCONNECT reason, if it gave one), or null. */
    String lastDisconnect();

    /** An own session is left to the broker, which keeps queueing; a share leaves that to its session's owner. */
    void close();

    /** A persistent session of the consumer's own. */
    static MessageFeed ownSession(Vertx vertx, MqttSubscriber.Settings settings) {
        return new MessageFeed() {
            private MqttSubscriber subscriber;

            @Override
            public void open(MqttSubscriber.Sink sink) throws IOException, InterruptedException {
                subscriber = new MqttSubscriber(vertx, settings, sink, System::currentTimeMillis);
                subscriber.connect();
            }

            @Override
            public boolean isConnected() {
                return subscriber != null && subscriber.isConnected();
            }

            @Override
            public String lastDisconnect() {
                return subscriber == null ? null : subscriber.lastDisconnect();
            }

            @Override
            public void close() {
                if (subscriber != null) {
                    subscriber.disconnect();
                }
            }
        };
    }
}
