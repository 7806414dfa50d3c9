package io.liftwatch.common.wire;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;

/** Writes messages in wire contract v1; the inverse of {@link WireDecoder}. */
public final class WireEncoder {

    private WireEncoder() {
    }

    public static byte[] encode(LiftMessage message) {
        return toJson(message).encode().getBytes(StandardCharsets.UTF_8);
    }

    public static JsonObject toJson(LiftMessage message) {
        Envelope e = message.envelope();
        JsonObject json = new JsonObject()
                .put("v", WireDecoder.SCHEMA_VERSION)
                .put("lift", e.liftId())
                .put("boot", e.boot())
                .put("seq", e.seq())
                .put("ts", e.deviceTime());
        if (message instanceof StatusReport s) {
            json.put("mode", s.mode().wireName()).put("moving", s.moving()).put("dir", s.direction())
                    .put("floor", s.floor()).put("doorZone", s.doorZone()).put("doorLocked", s.doorLocked())
                    .put("passenger", s.passenger()).put("power", s.power())
                    .put("upLimit", s.upLimit()).put("downLimit", s.downLimit());
            putIfPresent(json, "load", s.loadPercent());
            putIfPresent(json, "speed", s.speed());
        } else if (message instanceof RunReport r) {
            json.put("start", r.startedAt()).put("end", r.endedAt())
                    .put("from", r.fromFloor()).put("to", r.toFloor()).put("cards", new JsonArray(r.cards()));
        } else if (message instanceof CounterReport c) {
            json.put("runs", c.runs()).put("runSeconds", c.runSeconds())
                    .put("doorCycles", c.doorCycles()).put("ropeBends", c.ropeBends())
                    .put("energyKwh", c.energyKwh());
        } else if (message instanceof FaultReport f) {
            json.put("code", f.type().wireName()).put("state", f.raised() ? "raised" : "cleared");
            putIfPresent(json, "gbt", f.type().gbtCode());
            putIfPresent(json, "floor", f.floor());
            putIfPresent(json, "detail", f.detail());
        } else if (message instanceof EventReport ev) {
            json.put("type", ev.type().wireName()).put("gbt", ev.type().gbtCode());
            putIfPresent(json, "floor", ev.floor());
            putIfPresent(json, "detail", ev.detail());
        } else if (message instanceof ConnectionReport c) {
            json.put("online", c.online());
            putIfPresent(json, "fw", c.firmware());
        }
        return json;
    }

    private static void putIfPresent(JsonObject json, String name, Object value) {
        if (value != null) {
            json.put(name, value);
        }
    }
}
