package io.liftwatch.launcher;

import io.liftwatch.common.config.Env;
import io.liftwatch.common.registry.Registry;
import io.liftwatch.common.taxonomy.FaultType;
import io.liftwatch.common.wire.Envelope;
import io.liftwatch.common.wire.FaultReport;
import io.liftwatch.common.wire.MessageKind;
import io.liftwatch.common.wire.Topics;
import io.liftwatch.common.wire.WireEncoder;
import io.liftwatch.simulator.FleetPlan;
import io.liftwatch.simulator.FleetPublisher;
import io.liftwatch.simulator.Ledger;
import io.liftwatch.testing.IntegrationTest;
import io.liftwatch.testing.LiveServices;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Ingest and alerts read the same stream through one screen, so they decide alike: every payload ingest
 * keeps as a dead letter — a repeated key, an unregistered lift, an oversize payload, a floor the lift
 * does not have — raises no alarm, though each is an entrapment that would; the good one is stored and
 * raised by both.
 */
@IntegrationTest
class ScreenAgreementTest {

    @Test
    void whatIngestRefusesAlertsIgnoresAndARepeatedKeyHasItsOwnReason() throws Exception {
        Registry fleet = FleetPlan.generate(2, 8);
        String lift = fleet.lifts().get(0).id();
        String other = fleet.lifts().get(1).id();
        String unregistered = "31103201162099120001";
        long now = System.currentTimeMillis();
        try (LiveServices live = LiveServices.start(fleet);
             FleetPublisher publisher = new FleetPublisher(live.mqtt(), "screen-pub", 10, new Ledger())) {
            Services services = new Services();
            services.start(Set.of("ingest", "alerts"), new Env(Map.of("LIFTWATCH_DB_URL", live.db.url(),
                    "LIFTWATCH_DB_USER", live.db.user(), "LIFTWATCH_MQTT_URI", live.broker.uri(),
                    "LIFTWATCH_INGEST_CLIENT_ID", "screen-ingest", "LIFTWATCH_ALERTS_CLIENT_ID", "screen-alerts",
                    "LIFTWATCH_INGEST_OPS_PORT", "0", "LIFTWATCH_ALERTS_OPS_PORT", "0")));
            publisher.connectShared(1);

            String envelope = "\"v\":1,\"lift\":\"" + lift + "\",\"boot\":1,\"ts\":" + now;
            String fault = ",\"code\":\"entrapment\",\"state\":\"raised\"";
            Map<String, byte[]> bad = new LinkedHashMap<>();
            bad.put("duplicate_key", bytes("{" + envelope + ",\"seq\":1,\"seq\":2" + fault + "}"));
            bad.put("duplicate_key ", bytes("{\"lift\":\"" + other + "\"," + envelope + ",\"seq\":3" + fault + "}"));
            bad.put("oversize", bytes("{" + envelope + ",\"seq\":4" + fault + " ".repeat(5000) + "}"));
            bad.put("out_of_range", bytes("{" + envelope + ",\"seq\":5" + fault + ",\"floor\":\"99\"}"));
            for (byte[] payload : bad.values()) {
                publisher.publishRaw(Topics.of(lift, MessageKind.FAULT), payload, false, null);
            }
            publisher.publishRaw(Topics.of(unregistered, MessageKind.FAULT), WireEncoder.encode(new FaultReport(
                    new Envelope(unregistered, 1, 1, now), FaultType.ENTRAPMENT, true, "1", null)), false, null);
            // The one good message, last: once both have handled it, they have handled everything before it.
            publisher.publish(new FaultReport(new Envelope(lift, 1, 6, now), FaultType.ENTRAPMENT, true, "2", null));
            assertThat(publisher.drain(10_000)).isTrue();

            await().atMost(Duration.ofSeconds(30)).until(() ->
                    live.count("SELECT count(*) FROM dead_letter") == 5 && live.count("SELECT count(*) FROM fault") == 1
                            && live.count("SELECT count(*) FROM alarm") == 1);
            assertThat(live.text("SELECT string_agg(reason, ',' ORDER BY reason) FROM dead_letter"))
                    .isEqualTo("duplicate_key,duplicate_key,out_of_range,oversize,unknown_lift");
            assertThat(live.text("SELECT lift_id || '/' || type || '/' || count FROM alarm"))
                    .isEqualTo(lift + "/entrapment/1");
            assertThat(live.text("SELECT source_seq FROM alarm_event")).isEqualTo("6");
            services.close();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
