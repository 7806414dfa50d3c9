package io.liftwatch.common.wire;

/**
 * A refused message and the reason, phrased for an operator.
 *
 * @param liftId the lift the topic names, when it names one
 */
public record Rejection(RejectReason reason, String liftId, String detail) {
}
