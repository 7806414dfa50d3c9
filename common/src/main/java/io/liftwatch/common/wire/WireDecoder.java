package io.liftwatch.common.wire;

import io.liftwatch.common.registry.RegistrationCode;
import io.liftwatch.common.taxonomy.EventType;
import io.liftwatch.common.taxonomy.FaultType;
import io.liftwatch.common.taxonomy.ServiceMode;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.regex.Pattern;

/**
 * Turns topic + payload into a {@link LiftMessage} once, or refuses it with a reason that names the
 * field. Checks here need nothing but the message itself; registry checks (unknown lift, floor labels)
 * come after, where the registry is at hand.
 */
public final class WireDecoder {
    public static final int SCHEMA_VERSION = 1;

    private static final Pattern CARD_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    static final Set<String> DIRECTIONS = Set.of("none", "up", "down");
    static final Set<String> POWER_STATES = Set.of("mains", "failure", "battery");
    /** 2000-01-01 and 2100-01-01: anything outside is not a clock, merely skewed or not. */
    private static final long MIN_TIME = 946_684_800_000L;
    private static final long MAX_TIME = 4_102_444_800_000L;
    private static final long MAX_RUN_MILLIS = 3_600_000L;
    private static final long MAX_COUNTER = 1_000_000_000_000L;
    private static final BigDecimal MAX_ENERGY = new BigDecimal("99999999999.999");
    private static final int MAX_FLOOR_LABEL = 8;
    private static final int MAX_DETAIL = 256;

    private final int maxPayloadBytes;

    public WireDecoder(int maxPayloadBytes) {
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /** The message, or a {@link WireException} carrying the reason it is refused. */
    public LiftMessage decode(String topic, byte[] payload) throws WireException {
        Topics.Address address = Topics.parse(topic).orElseThrow(() ->
                new WireException(RejectReason.UNKNOWN_TOPIC, "topic '" + topic + "' is not lw/v1/{lift}/{kind}"));
        if (payload.length > maxPayloadBytes) {
            throw new WireException(RejectReason.OVERSIZE,
                    "payload of " + payload.length + " bytes exceeds the limit of " + maxPayloadBytes);
        }
        FlatJson json = FlatJson.parse(payload);
        Envelope envelope = envelope(json, address);
        return switch (address.kind()) {
            case STATUS -> status(json, envelope);
            case RUN -> run(json, envelope);
            case COUNTERS -> counters(json, envelope);
            case FAULT -> fault(json, envelope);
            case EVENT -> event(json, envelope);
            case CONNECTION -> new ConnectionReport(envelope, json.requireBoolean("online"),
                    json.optionalString("fw", 64));
        };
    }

    private static Envelope envelope(FlatJson json, Topics.Address address) throws WireException {
        long version = json.requireLong("v", 0, Integer.MAX_VALUE);
        if (version != SCHEMA_VERSION) {
            throw new WireException(RejectReason.UNSUPPORTED_VERSION,
                    "schema version " + version + " is not supported (expected " + SCHEMA_VERSION + ")");
        }
        String lift = json.requireString("lift", 20);
        String invalid = RegistrationCode.problem(lift);
        if (invalid != null) {
            throw new WireException(RejectReason.OUT_OF_RANGE, "field 'lift': " + invalid);
        }
        if (!lift.equals(address.liftId())) {
            throw new WireException(RejectReason.TOPIC_MISMATCH,
                    "payload lift " + lift + " differs from topic lift " + address.liftId());
        }
        return new Envelope(lift,
                json.requireLong("boot", 0, Long.MAX_VALUE),
                json.requireLong("seq", 0, Long.MAX_VALUE),
                json.requireLong("ts", MIN_TIME, MAX_TIME));
    }

    private static StatusReport status(FlatJson json, Envelope envelope) throws WireException {
        String modeName = json.requireString("mode", 32);
        ServiceMode mode = ServiceMode.byName(modeName).orElseThrow(() ->
                new WireException(RejectReason.UNKNOWN_CODE, "mode '" + modeName + "' is not a service mode"));
        Long load = json.optionalLong("load", 0, 200);
        return new StatusReport(envelope, mode,
                json.requireBoolean("moving"),
                oneOf(json, "dir", DIRECTIONS),
                json.requireString("floor", MAX_FLOOR_LABEL),
                json.requireBoolean("doorZone"),
                json.requireBoolean("doorLocked"),
                json.requireBoolean("passenger"),
                oneOf(json, "power", POWER_STATES),
                json.optionalBoolean("upLimit", false),
                json.optionalBoolean("downLimit", false),
                load == null ? null : load.intValue(),
                json.optionalNumber("speed", 0, 10));
    }

    private static RunReport run(FlatJson json, Envelope envelope) throws WireException {
        long start = json.requireLong("start", MIN_TIME, MAX_TIME);
        long end = json.requireLong("end", MIN_TIME, MAX_TIME);
        if (end < start || end - start > MAX_RUN_MILLIS) {
            throw new WireException(RejectReason.OUT_OF_RANGE,
                    "run from " + start + " to " + end + " must end after it starts and last at most one hour");
        }
        List<String> cards = json.optionalStringList("cards");
        for (String card : cards) {
            if (!CARD_ID.matcher(card).matches()) {
                throw new WireException(RejectReason.OUT_OF_RANGE,
                        "card '" + card + "' must be 1..32 letters, digits, '-' or '_'");
            }
        }
        return new RunReport(envelope, start, end,
                json.requireString("from", MAX_FLOOR_LABEL), json.requireString("to", MAX_FLOOR_LABEL), cards);
    }

    private static CounterReport counters(FlatJson json, Envelope envelope) throws WireException {
        return new CounterReport(envelope,
                json.requireLong("runs", 0, MAX_COUNTER),
                json.requireLong("runSeconds", 0, MAX_COUNTER),
                json.requireLong("doorCycles", 0, MAX_COUNTER),
                json.requireLong("ropeBends", 0, MAX_COUNTER),
                json.requireDecimal("energyKwh", 3, MAX_ENERGY));
    }

    private static FaultReport fault(FlatJson json, Envelope envelope) throws WireException {
        FaultType type = taxonomy(json, "fault", "code", FaultType::byName, FaultType::byGbtCode);
        if (json.has("code") && json.has("gbt")
                && !Integer.valueOf((int) json.requireLong("gbt", 0, 999)).equals(type.gbtCode())) {
            throw new WireException(RejectReason.UNKNOWN_CODE, "fault code '" + type.wireName() + "' and gbt "
                    + json.requireLong("gbt", 0, 999) + " disagree");
        }
        String state = json.requireString("state", 16);
        if (!state.equals("raised") && !state.equals("cleared")) {
            throw new WireException(RejectReason.OUT_OF_RANGE, "field 'state' must be 'raised' or 'cleared'");
        }
        return new FaultReport(envelope, type, state.equals("raised"),
                json.optionalString("floor", MAX_FLOOR_LABEL), json.optionalString("detail", MAX_DETAIL));
    }

    private static EventReport event(FlatJson json, Envelope envelope) throws WireException {
        EventType type = taxonomy(json, "event", "type", EventType::byName, EventType::byGbtCode);
        return new EventReport(envelope, type,
                json.optionalString("floor", MAX_FLOOR_LABEL), json.optionalString("detail", MAX_DETAIL));
    }

    /**
     * The taxonomy entry a message names in {@code field} or, without it, numbers in {@code gbt}; a name or
     * number the taxonomy does not know is refused with it.
     *
     * @param kind "fault" or "event", as a reason names it
     */
    private static <T> T taxonomy(FlatJson json, String kind, String field, Function<String, Optional<T>> byName,
                                  IntFunction<Optional<T>> byGbt) throws WireException {
        if (json.has(field)) {
            String name = json.requireString(field, 64);
            return byName.apply(name).orElseThrow(() ->
                    new WireException(RejectReason.UNKNOWN_CODE, kind + " " + field + " '" + name + "' is not in the taxonomy"));
        }
        if (json.has("gbt")) {
            int gbt = (int) json.requireLong("gbt", 0, 999);
            return byGbt.apply(gbt).orElseThrow(() ->
                    new WireException(RejectReason.UNKNOWN_CODE, "GB/T " + kind + " code " + gbt + " is not mapped"));
        }
        throw new WireException(RejectReason.MISSING_FIELD, "field '" + field + "' (or 'gbt') is missing");
    }

    private static String oneOf(FlatJson json, String name, Set<String> allowed) throws WireException {
        String value = json.requireString(name, 16);
        if (!allowed.contains(value)) {
            throw new WireException(RejectReason.OUT_OF_RANGE,
                    "field '" + name + "' is '" + value + "', expected one of " + allowed);
        }
        return value;
    }
}
