package io.liftwatch.common.wire;

/** A decoded, validated message from one lift. */
public sealed interface LiftMessage
        permits StatusReport, RunReport, CounterReport, FaultReport, EventReport, ConnectionReport {

    Envelope envelope();

    MessageKind kind();

    default String liftId() {
        return envelope().liftId();
    }
}
