package io.liftwatch.common;

import io.liftwatch.common.taxonomy.EventType;
import io.liftwatch.common.taxonomy.FaultType;
import io.liftwatch.common.taxonomy.ServiceMode;
import io.liftwatch.common.wire.ConnectionReport;
import io.liftwatch.common.wire.CounterReport;
import io.liftwatch.common.wire.Envelope;
import io.liftwatch.common.wire.EventReport;
import io.liftwatch.common.wire.FaultReport;
import io.liftwatch.common.wire.LiftMessage;
import io.liftwatch.common.wire.RejectReason;
import io.liftwatch.common.wire.RunReport;
import io.liftwatch.common.wire.StatusReport;
import io.liftwatch.common.wire.WireDecoder;
import io.liftwatch.common.wire.WireEncoder;
import io.liftwatch.common.wire.WireException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WireDecoderTest {
    private static final String LIFT = "31103201162023050042";
    private static final long TS = 1_760_000_000_000L;
    private static final Envelope ENVELOPE = new Envelope(LIFT, 7, 42, TS);
    private final WireDecoder decoder = new WireDecoder(4096);

    private LiftMessage decode(String kind, String json) throws WireException {
        return decoder.decode("lw/v1/" + LIFT + "/" + kind, json.getBytes(StandardCharsets.UTF_8));
    }

    private static String envelope() {
        return "\"v\":1,\"lift\":\"" + LIFT + "\",\"boot\":7,\"seq\":42,\"ts\":" + TS;
    }

    @Test
    void decodesEveryKindItEncodes() throws WireException {
        List<LiftMessage> messages = List.of(
                new StatusReport(ENVELOPE, ServiceMode.NORMAL, true, "up", "3", false, true, true, "mains", false,
                        false, 40, 1.0),
                new StatusReport(ENVELOPE, ServiceMode.INSPECTION, false, "none", "1", true, false, false, "battery",
                        false, false, null, null),
                new RunReport(ENVELOPE, TS - 20_000, TS, "1", "6", List.of("C-601", "C-602")),
                new RunReport(ENVELOPE, TS - 20_000, TS, "6", "1", List.of()),
                new CounterReport(ENVELOPE, 120_000, 3_600_000, 150_000, 500_000, new BigDecimal("1234.567")),
                new FaultReport(ENVELOPE, FaultType.ENTRAPMENT, true, "4", "passenger \"trapped\"\n\\ 困人\u0001"),
                new FaultReport(ENVELOPE, FaultType.DOOR_CLOSE_FAILURE, false, null, null),
                new EventReport(ENVELOPE, EventType.INSPECTION_MODE, null, null),
                new ConnectionReport(ENVELOPE, false, "2.1.0"));
        for (LiftMessage message : messages) {
            byte[] bytes = WireEncoder.encode(message);
            assertThat(decoder.decode("lw/v1/" + LIFT + "/" + message.kind().topicSuffix(), bytes))
                    .as(new String(bytes, StandardCharsets.UTF_8))
                    .isEqualTo(message);
        }
    }

    @Test
    void mapsGbtFaultAndEventNumbersToTheTaxonomy() throws WireException {
        FaultReport fault = (FaultReport) decode("fault", "{" + envelope() + ",\"gbt\":5,\"state\":\"raised\"}");
        EventReport event = (EventReport) decode("event", "{" + envelope() + ",\"gbt\":43}");

        assertThat(fault.type()).isEqualTo(FaultType.UNINTENDED_MOVEMENT);
        assertThat(event.type()).isEqualTo(EventType.INSPECTION_MODE);
    }

    @Test
    void everyNationalFaultNumberMapsToOneType() {
        for (int code = 1; code <= 8; code++) {
            assertThat(FaultType.byGbtCode(code)).as("GB/T fault %d", code).isPresent();
        }
        assertThat(FaultType.byGbtCode(9)).isEmpty();
        assertThat(FaultType.ENTRAPMENT.severity()).isEqualTo(io.liftwatch.common.taxonomy.Severity.CRITICAL);
        assertThat(FaultType.UNINTENDED_MOVEMENT.severity()).isEqualTo(io.liftwatch.common.taxonomy.Severity.CRITICAL);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not json           | status | {nope                                             | MALFORMED_JSON",
            "array              | status | []                                                | MALFORMED_JSON",
            "trailing garbage   | conn   | {ENV,\"online\":true} x                             | MALFORMED_JSON",
            "version 2          | conn   | {\"v\":2,\"lift\":\"LIFT\",\"boot\":1,\"seq\":1,\"ts\":1760000000000,\"online\":true} | UNSUPPORTED_VERSION",
            "missing seq        | conn   | {\"v\":1,\"lift\":\"LIFT\",\"boot\":1,\"ts\":1760000000000,\"online\":true} | MISSING_FIELD",
            "negative seq       | conn   | {\"v\":1,\"lift\":\"LIFT\",\"boot\":1,\"seq\":-1,\"ts\":1760000000000,\"online\":true} | OUT_OF_RANGE",
            "time in 1970       | conn   | {\"v\":1,\"lift\":\"LIFT\",\"boot\":1,\"seq\":1,\"ts\":5,\"online\":true} | OUT_OF_RANGE",
            "other lift         | conn   | {\"v\":1,\"lift\":\"31103201162023050043\",\"boot\":1,\"seq\":1,\"ts\":1760000000000,\"online\":true} | TOPIC_MISMATCH",
            "load 300%          | status | {ENV,\"mode\":\"normal\",\"moving\":false,\"dir\":\"none\",\"floor\":\"1\",\"doorZone\":true,\"doorLocked\":true,\"passenger\":false,\"power\":\"mains\",\"load\":300} | OUT_OF_RANGE",
            "unknown mode       | status | {ENV,\"mode\":\"party\",\"moving\":false,\"dir\":\"none\",\"floor\":\"1\",\"doorZone\":true,\"doorLocked\":true,\"passenger\":false,\"power\":\"mains\"} | UNKNOWN_CODE",
            "sideways           | status | {ENV,\"mode\":\"normal\",\"moving\":false,\"dir\":\"left\",\"floor\":\"1\",\"doorZone\":true,\"doorLocked\":true,\"passenger\":false,\"power\":\"mains\"} | OUT_OF_RANGE",
            "run ends first     | run    | {ENV,\"start\":1760000000000,\"end\":1759999999000,\"from\":\"1\",\"to\":\"2\"} | OUT_OF_RANGE",
            "bad card           | run    | {ENV,\"start\":1760000000000,\"end\":1760000010000,\"from\":\"1\",\"to\":\"2\",\"cards\":[\"a b\"]} | OUT_OF_RANGE",
            "negative counter   | counters | {ENV,\"runs\":-5,\"runSeconds\":1,\"doorCycles\":1,\"ropeBends\":1,\"energyKwh\":1.5} | OUT_OF_RANGE",
            "energy 4 decimals  | counters | {ENV,\"runs\":5,\"runSeconds\":1,\"doorCycles\":1,\"ropeBends\":1,\"energyKwh\":1.2345} | OUT_OF_RANGE",
            "unknown fault      | fault  | {ENV,\"code\":\"gremlins\",\"state\":\"raised\"} | UNKNOWN_CODE",
            "unmapped gbt       | fault  | {ENV,\"gbt\":77,\"state\":\"raised\"}             | UNKNOWN_CODE",
            "fault state        | fault  | {ENV,\"code\":\"entrapment\",\"state\":\"maybe\"} | OUT_OF_RANGE",
            "nested object      | event  | {ENV,\"type\":\"alarm_button\",\"detail\":{}}     | OUT_OF_RANGE",
            "no event type      | event  | {ENV}                                             | MISSING_FIELD",
            "sequence 0000      | conn   | {\"v\":1,\"lift\":\"31103201162023050000\",\"boot\":1,\"seq\":1,\"ts\":1760000000000,\"online\":true} | OUT_OF_RANGE",
            "seq twice          | conn   | {ENV,\"seq\":99,\"online\":true}                 | DUPLICATE_KEY",
            "lift twice         | conn   | {ENV,\"lift\":\"31103201162023050043\",\"online\":true} | DUPLICATE_KEY",
            "state twice        | fault  | {ENV,\"code\":\"entrapment\",\"state\":\"raised\",\"state\":\"cleared\"} | DUPLICATE_KEY",
            "NUL in a detail    | fault  | {ENV,\"code\":\"overspeed\",\"state\":\"raised\",\"detail\":\"x\\u0000y\"} | OUT_OF_RANGE",
            "NUL in a card      | run    | {ENV,\"start\":1760000000000,\"end\":1760000010000,\"from\":\"1\",\"to\":\"2\",\"cards\":[\"C1\\u0000\"]} | OUT_OF_RANGE",
    })
    void refusesWithASpecificReason(String name, String kind, String json, RejectReason reason) {
        String body = json.replace("ENV", envelope()).replace("LIFT", LIFT);
        assertThatThrownBy(() -> decode(kind, body))
                .isInstanceOfSatisfying(WireException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void namesTheRepeatedKey() {
        assertThatThrownBy(() -> decode("conn", "{" + envelope() + ",\"seq\":99,\"online\":true}"))
                .isInstanceOfSatisfying(WireException.class, e -> assertThat(e.getMessage()).contains("'seq'"));
    }

    @Test
    void refusesAnOversizePayloadBeforeParsingIt() {
        byte[] big = new byte[5000];
        assertThatThrownBy(() -> decoder.decode("lw/v1/" + LIFT + "/status", big))
                .isInstanceOfSatisfying(WireException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RejectReason.OVERSIZE);
                    assertThat(e.getMessage()).contains("5000 bytes");
                });
    }

    @Test
    void refusesTopicsOutsideTheContract() {
        assertThatThrownBy(() -> decoder.decode("lw/v1/" + LIFT + "/telemetry", "{}".getBytes()))
                .isInstanceOfSatisfying(WireException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.UNKNOWN_TOPIC));
        assertThatThrownBy(() -> decoder.decode("lw/v1/" + LIFT + "/status/extra", "{}".getBytes()))
                .isInstanceOfSatisfying(WireException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.UNKNOWN_TOPIC));
    }

    @Test
    void namesTheFieldInTheReason() {
        assertThatThrownBy(() -> decode("counters",
                "{" + envelope() + ",\"runs\":5,\"runSeconds\":1,\"doorCycles\":\"many\",\"ropeBends\":1,\"energyKwh\":1}"))
                .hasMessageContaining("doorCycles");
    }
}
