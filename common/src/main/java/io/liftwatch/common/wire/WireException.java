package io.liftwatch.common.wire;

/** Thrown while decoding; carries the reason a message is refused. */
public final class WireException extends Exception {
    private final RejectReason reason;

    public WireException(RejectReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }
}
