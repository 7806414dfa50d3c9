package io.liftwatch.ingest;

import io.liftwatch.common.wire.EventReport;
import io.liftwatch.common.wire.FaultReport;
import io.liftwatch.common.wire.LiftMessage;
import io.liftwatch.common.wire.RejectReason;
import io.liftwatch.common.wire.Rejection;
import io.liftwatch.common.wire.RunReport;
import io.liftwatch.common.wire.StatusReport;
import io.liftwatch.common.wire.Topics;
import io.liftwatch.common.wire.WireDecoder;
import io.liftwatch.common.wire.WireException;

import java.util.Set;

/**
 * Decodes a message once and checks it against the registry: the lift must be registered and every
 * floor it names must be one of that lift's stops. Produces an accepted or a refused {@link Inbound}.
 */
public final class MessageScreen {
    private final WireDecoder decoder;
    private final LiftDirectory directory;

    public MessageScreen(WireDecoder decoder, LiftDirectory directory) {
        this.decoder = decoder;
        this.directory = directory;
    }

    public Inbound screen(String topic, byte[] payload, long receivedAt, Runnable ack) {
        LiftMessage message;
        try {
            message = decoder.decode(topic, payload);
        } catch (WireException e) {
            String lift = Topics.parse(topic).map(Topics.Address::liftId).orElse(null);
            return Inbound.rejected(topic, payload, receivedAt, new Rejection(e.reason(), lift, e.getMessage()), ack);
        }
        Rejection problem = checkRegistry(message);
        return problem == null
                ? Inbound.accepted(topic, payload, receivedAt, message, ack)
                : Inbound.rejected(topic, payload, receivedAt, problem, ack);
    }

    private Rejection checkRegistry(LiftMessage message) {
        Set<String> floors = directory.floorsOf(message.liftId());
        if (floors == null) {
            return new Rejection(RejectReason.UNKNOWN_LIFT, message.liftId(),
                    "lift " + message.liftId() + " is not registered");
        }
        String badFloor = null;
        if (message instanceof StatusReport s && !floors.contains(s.floor())) {
            badFloor = s.floor();
        } else if (message instanceof RunReport r) {
            badFloor = !floors.contains(r.fromFloor()) ? r.fromFloor() : !floors.contains(r.toFloor()) ? r.toFloor() : null;
        } else if (message instanceof FaultReport f && f.floor() != null && !floors.contains(f.floor())) {
            badFloor = f.floor();
        } else if (message instanceof EventReport e && e.floor() != null && !floors.contains(e.floor())) {
            badFloor = e.floor();
        }
        return badFloor == null ? null : new Rejection(RejectReason.OUT_OF_RANGE, message.liftId(),
                "floor '" + badFloor + "' is not a stop of lift " + message.liftId() + " " + floors);
    }
}
