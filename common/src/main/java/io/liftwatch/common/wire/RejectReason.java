package io.liftwatch.common.wire;

/** Why a message was refused; the value is stored with the dead letter and used as a metric tag. */
public enum RejectReason {
    OVERSIZE,
    UNKNOWN_TOPIC,
    MALFORMED_JSON,
    /** A key repeated in one object: which of its values counts is not for the reader to guess. */
    DUPLICATE_KEY,
    UNSUPPORTED_VERSION,
    MISSING_FIELD,
    OUT_OF_RANGE,
    UNKNOWN_CODE,
    TOPIC_MISMATCH,
    UNKNOWN_LIFT,
    /** Valid on the wire but refused by the database (a constraint the decoder does not know). */
    STORAGE_REFUSED;

    public String code() {
        return name().toLowerCase();
    }
}
