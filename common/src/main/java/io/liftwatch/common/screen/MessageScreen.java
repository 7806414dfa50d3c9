package io.liftwatch.common.screen;

import io.liftwatch.common.config.Env;
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
 * The one screen every consumer of the lift stream passes a message through, so they agree on what a
 * message is: decoded once (size limit, schema, duplicate keys refused), then checked against the
 * registry — the lift must be registered and every floor it names must be one of that lift's stops.
 * Ingest stores what it refuses as a dead letter with the reason; alerts ignores it.
 */
public final class MessageScreen {
    /** The payload limit where none is configured: a lift's message is a few hundred bytes. */
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 4096;

    /** What the screen decided: the message, or why it is refused. */
    public record Screened(LiftMessage message, Rejection rejection) {
        public boolean isAccepted() {
            return message != null;
        }
    }

    private final WireDecoder decoder;
    private final LiftDirectory directory;

    public MessageScreen(int maxPayloadBytes, LiftDirectory directory) {
        this.decoder = new WireDecoder(maxPayloadBytes);
        this.directory = directory;
    }

    /**
     * The payload limit of every consumer: {@code LIFTWATCH_MAX_PAYLOAD} (formerly
     * {@code LIFTWATCH_INGEST_MAX_PAYLOAD}, still read), default 4 KiB.
     */
    public static int maxPayloadBytes(Env env) {
        int legacy = env.integer("LIFTWATCH_INGEST_MAX_PAYLOAD", DEFAULT_MAX_PAYLOAD_BYTES, 64, 1 << 20);
        return env.integer("LIFTWATCH_MAX_PAYLOAD", legacy, 64, 1 << 20);
    }

    public Screened screen(String topic, byte[] payload) {
        LiftMessage message;
        try {
            message = decoder.decode(topic, payload);
        } catch (WireException e) {
            String lift = Topics.parse(topic).map(Topics.Address::liftId).orElse(null);
            return new Screened(null, new Rejection(e.reason(), lift, e.getMessage()));
        }
        Rejection problem = checkRegistry(message);
        return problem == null ? new Screened(message, null) : new Screened(null, problem);
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
