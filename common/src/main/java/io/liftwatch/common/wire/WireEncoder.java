package io.liftwatch.common.wire;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes messages in wire contract v1; the inverse of {@link WireDecoder}. Written by hand rather than
 * through a JSON tree: simulators and load generators encode millions of these.
 */
public final class WireEncoder {

    private WireEncoder() {
    }

    public static byte[] encode(LiftMessage message) {
        return toJson(message).getBytes(StandardCharsets.UTF_8);
    }

    public static String toJson(LiftMessage message) {
        Envelope e = message.envelope();
        Writer json = new Writer()
                .field("v", WireDecoder.SCHEMA_VERSION)
                .field("lift", e.liftId())
                .field("boot", e.boot())
                .field("seq", e.seq())
                .field("ts", e.deviceTime());
        if (message instanceof StatusReport s) {
            json.field("mode", s.mode().wireName()).field("moving", s.moving()).field("dir", s.direction())
                    .field("floor", s.floor()).field("doorZone", s.doorZone()).field("doorLocked", s.doorLocked())
                    .field("passenger", s.passenger()).field("power", s.power())
                    .field("upLimit", s.upLimit()).field("downLimit", s.downLimit())
                    .field("load", s.loadPercent()).field("speed", s.speed());
        } else if (message instanceof RunReport r) {
            json.field("start", r.startedAt()).field("end", r.endedAt())
                    .field("from", r.fromFloor()).field("to", r.toFloor()).field("cards", r.cards());
        } else if (message instanceof CounterReport c) {
            json.field("runs", c.runs()).field("runSeconds", c.runSeconds())
                    .field("doorCycles", c.doorCycles()).field("ropeBends", c.ropeBends())
                    .field("energyKwh", c.energyKwh());
        } else if (message instanceof FaultReport f) {
            json.field("code", f.type().wireName()).field("state", f.raised() ? "raised" : "cleared")
                    .field("gbt", f.type().gbtCode()).field("floor", f.floor()).field("detail", f.detail());
        } else if (message instanceof EventReport ev) {
            json.field("type", ev.type().wireName()).field("gbt", ev.type().gbtCode())
                    .field("floor", ev.floor()).field("detail", ev.detail());
        } else if (message instanceof ConnectionReport c) {
            json.field("online", c.online()).field("fw", c.firmware());
        }
        return json.close();
    }

    /** A flat JSON object; null values are left out, as the decoder treats absent and null alike. */
    private static final class Writer {
        private final StringBuilder out = new StringBuilder(256).append('{');

        Writer field(String name, Object value) {
            if (value == null) {
                return this;
            }
            if (out.length() > 1) {
                out.append(',');
            }
            string(name);
            out.append(':');
            if (value instanceof String text) {
                string(text);
            } else if (value instanceof BigDecimal decimal) {
                out.append(decimal.toPlainString());
            } else if (value instanceof List<?> items) {
                out.append('[');
                for (int i = 0; i < items.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    string(String.valueOf(items.get(i)));
                }
                out.append(']');
            } else {
                out.append(value);
            }
            return this;
        }

        private void string(String text) {
            out.append('"');
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            out.append('"');
        }

        String close() {
            return out.append('}').toString();
        }
    }
}
