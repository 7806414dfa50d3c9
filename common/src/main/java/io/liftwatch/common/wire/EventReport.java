package io.liftwatch.common.wire;

import io.liftwatch.common.taxonomy.EventType;

/** A mode change, power event or alarm-button press. */
public record EventReport(Envelope envelope, EventType type, String floor, String detail) implements LiftMessage {

    @Override
    public MessageKind kind() {
        return MessageKind.EVENT;
    }
}
