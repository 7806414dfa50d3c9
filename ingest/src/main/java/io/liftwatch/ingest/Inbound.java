package io.liftwatch.ingest;

import io.liftwatch.common.wire.LiftMessage;
import io.liftwatch.common.wire.Rejection;

/**
 * One received MQTT message on its way to the database: decoded ({@code message}) or refused
 * ({@code rejection}), and the handle that acknowledges it to the broker once it is committed.
 */
public record Inbound(String topic, byte[] payload, long receivedAt, LiftMessage message, Rejection rejection,
                      Runnable ack) {

    public static Inbound accepted(String topic, byte[] payload, long receivedAt, LiftMessage message, Runnable ack) {
        return new Inbound(topic, payload, receivedAt, message, null, ack);
    }

    public static Inbound rejected(String topic, byte[] payload, long receivedAt, Rejection rejection, Runnable ack) {
        return new Inbound(topic, payload, receivedAt, null, rejection, ack);
    }

    public boolean isAccepted() {
        return message != null;
    }

    public Inbound asRejected(Rejection why) {
        return new Inbound(topic, payload, receivedAt, null, why, ack);
    }
}
