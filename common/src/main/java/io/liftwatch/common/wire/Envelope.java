package io.liftwatch.common.wire;

/**
 * What every message carries besides its body.
 *
 * @param liftId     the 20-digit registration code
 * @param boot       the device's boot/epoch marker; grows every time the controller restarts
 * @param seq        the device's message number within that boot, shared by all its topics
 * @param deviceTime the device clock when the message was made, epoch milliseconds
 */
public record Envelope(String liftId, long boot, long seq, long deviceTime) {

    /** Orders two messages of one lift as the device made them. */
    public boolean isAfter(long otherBoot, long otherSeq) {
        return boot > otherBoot || (boot == otherBoot && seq > otherSeq);
    }
}
