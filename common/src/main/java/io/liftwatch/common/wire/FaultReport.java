package io.liftwatch.common.wire;

import io.liftwatch.common.taxonomy.FaultType;

/** A fault raised or cleared by the controller. */
public record FaultReport(Envelope envelope, FaultType type, boolean raised, String floor, String detail)
        implements LiftMessage {

    @Override
    public MessageKind kind() {
        return MessageKind.FAULT;
    }
}
