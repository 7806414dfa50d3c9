package io.liftwatch.simulator;

import io.liftwatch.common.wire.ConnectionReport;
import io.liftwatch.common.wire.Envelope;
import io.liftwatch.common.wire.MessageKind;
import io.liftwatch.common.wire.RejectReason;
import io.liftwatch.common.wire.Topics;
import io.liftwatch.common.wire.WireEncoder;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** One message of every class ingest must refuse, each with the reason it should be refused for. */
public final class BadMessages {

    public record Bad(RejectReason expected, String topic, byte[] payload) {
    }

    private BadMessages() {
    }

    /**
     * @param lift    a registered lift
     * @param other   another registered lift (for a topic/payload mismatch)
     * @param unknown a well-formed registration code that is not registered
     */
    public static List<Bad> all(String lift, String other, String unknown, long now, int maxPayload) {
        String status = Topics.of(lift, MessageKind.STATUS);
        byte[] oversize = new byte[maxPayload + 1];
        Arrays.fill(oversize, (byte) ' ');
        oversize[0] = '{';
        oversize[oversize.length - 1] = '}';
        return List.of(
                new Bad(RejectReason.MALFORMED_JSON, status, bytes("{\"v\":1,\"lift\":")),
                new Bad(RejectReason.UNKNOWN_LIFT, Topics.of(unknown, MessageKind.CONNECTION),
                        WireEncoder.encode(new ConnectionReport(new Envelope(unknown, 1, 1, now), true, null))),
                new Bad(RejectReason.TOPIC_MISMATCH, Topics.of(lift, MessageKind.CONNECTION),
                        WireEncoder.encode(new ConnectionReport(new Envelope(other, 1, 1, now), true, null))),
                new Bad(RejectReason.OUT_OF_RANGE, status, bytes("{\"v\":1,\"lift\":\"" + lift
                        + "\",\"boot\":1,\"seq\":1,\"ts\":" + now + ",\"mode\":\"normal\",\"moving\":false,"
                        + "\"dir\":\"none\",\"floor\":\"1\",\"doorZone\":true,\"doorLocked\":true,"
                        + "\"passenger\":false,\"power\":\"mains\",\"load\":900}")),
                new Bad(RejectReason.OUT_OF_RANGE, status, bytes("{\"v\":1,\"lift\":\"" + lift
                        + "\",\"boot\":1,\"seq\":2,\"ts\":" + now + ",\"mode\":\"normal\",\"moving\":false,"
                        + "\"dir\":\"none\",\"floor\":\"99\",\"doorZone\":true,\"doorLocked\":true,"
                        + "\"passenger\":false,\"power\":\"mains\"}")),
                new Bad(RejectReason.DUPLICATE_KEY, status, bytes("{\"v\":1,\"lift\":\"" + lift
                        + "\",\"boot\":1,\"seq\":4,\"seq\":5,\"ts\":" + now + ",\"mode\":\"normal\",\"moving\":false,"
                        + "\"dir\":\"none\",\"floor\":\"1\",\"doorZone\":true,\"doorLocked\":true,"
                        + "\"passenger\":false,\"power\":\"mains\"}")),
                new Bad(RejectReason.OVERSIZE, status, oversize),
                new Bad(RejectReason.UNSUPPORTED_VERSION, Topics.of(lift, MessageKind.CONNECTION), bytes("{\"v\":9,\"lift\":\""
                        + lift + "\",\"boot\":1,\"seq\":3,\"ts\":" + now + ",\"online\":true}")),
                new Bad(RejectReason.UNKNOWN_TOPIC, Topics.PREFIX + lift + "/telemetry", bytes("{}")));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
