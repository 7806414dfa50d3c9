package io.liftwatch.common.wire;

import java.util.List;

/**
 * One run of the car, published when it ends.
 *
 * @param startedAt device time the car started moving, epoch ms
 * @param endedAt   device time it stopped, epoch ms
 * @param cards     the cards presented for this run; empty for a free run (usually down to the ground floor)
 */
public record RunReport(Envelope envelope, long startedAt, long endedAt, String fromFloor, String toFloor,
                        List<String> cards) implements LiftMessage {

    @Override
    public MessageKind kind() {
        return MessageKind.RUN;
    }
}
