package io.liftwatch.common.wire;

/**
 * The retained connection state: {@code online=true} when the device connects, {@code online=false}
 * as its Last Will. A device reserves two sequence numbers at connect, n for this announcement and
 * n+1 for its will, so the will orders after the announcement of the same connection and before the
 * next one.
 */
public record ConnectionReport(Envelope envelope, boolean online, String firmware) implements LiftMessage {

    @Override
    public MessageKind kind() {
        return MessageKind.CONNECTION;
    }
}
