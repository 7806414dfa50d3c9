package io.liftwatch.alerts;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static io.liftwatch.alerts.PushSignature.Verdict.BAD_SIGNATURE;
import static io.liftwatch.alerts.PushSignature.Verdict.MALFORMED;
import static io.liftwatch.alerts.PushSignature.Verdict.OUTSIDE_WINDOW;
import static io.liftwatch.alerts.PushSignature.Verdict.VALID;
import static org.assertj.core.api.Assertions.assertThat;

/** The signature covers the delivery id, the timestamp and the body, under one receiver's own secret. */
class PushSignatureTest {
    private static final String WEBHOOK = "webhook-secret-0123456789";
    private static final String CITY = "city-feed-secret-0123456789";
    private static final byte[] BODY = "{\"eventId\":7,\"type\":\"entrapment\"}".getBytes(StandardCharsets.UTF_8);
    private static final Instant SENT = Instant.parse("2026-05-01T08:00:00Z");
    private static final String TIMESTAMP = Long.toString(SENT.getEpochSecond());

    private static PushSignature.Verdict check(String secret, String id, String timestamp, byte[] body, String signature,
                                               Instant at) {
        return PushSignature.verify(secret, id, timestamp, body, signature, at, PushSignature.REPLAY_WINDOW);
    }

    @Test
    void aDeliveryVerifiesWithItsReceiversSecretWithinTheWindowOnly() {
        String signature = PushSignature.sign(WEBHOOK, "42", SENT.getEpochSecond(), BODY);

        assertThat(signature).matches("v1=[0-9a-f]{64}");
        assertThat(check(WEBHOOK, "42", TIMESTAMP, BODY, signature, SENT.plusSeconds(3))).isEqualTo(VALID);
        assertThat(check(WEBHOOK, "42", TIMESTAMP, BODY, signature, SENT.plus(PushSignature.REPLAY_WINDOW)))
                .isEqualTo(VALID);
        assertThat(check(WEBHOOK, "42", TIMESTAMP, BODY, signature, SENT.plus(PushSignature.REPLAY_WINDOW).plusSeconds(1)))
                .as("replayed after the window").isEqualTo(OUTSIDE_WINDOW);
        assertThat(check(WEBHOOK, "42", TIMESTAMP, BODY, signature, SENT.minus(Duration.ofMinutes(6))))
                .as("dated in the future").isEqualTo(OUTSIDE_WINDOW);
    }

    @Test
    void theCityFeedsSecretCannotValidateAWebhookBodyNorTheReverse() {
        String toWebhook = PushSignature.sign(WEBHOOK, "42", SENT.getEpochSecond(), BODY);
        String toCity = PushSignature.sign(CITY, "43", SENT.getEpochSecond(), BODY);

        assertThat(check(CITY, "42", TIMESTAMP, BODY, toWebhook, SENT)).isEqualTo(BAD_SIGNATURE);
        assertThat(check(WEBHOOK, "43", TIMESTAMP, BODY, toCity, SENT)).isEqualTo(BAD_SIGNATURE);
        assertThat(check(CITY, "43", TIMESTAMP, BODY, toCity, SENT)).isEqualTo(VALID);
    }

    @Test
    void changingTheIdTheTimestampOrTheBodyBreaksTheSignature() {
        String signature = PushSignature.sign(WEBHOOK, "42", SENT.getEpochSecond(), BODY);
        String later = Long.toString(SENT.getEpochSecond() + 600);

        assertThat(check(WEBHOOK, "41", TIMESTAMP, BODY, signature, SENT)).isEqualTo(BAD_SIGNATURE);
        assertThat(check(WEBHOOK, "42", later, BODY, signature, SENT.plusSeconds(600)))
                .as("a replay with a fresh timestamp").isEqualTo(BAD_SIGNATURE);
        assertThat(check(WEBHOOK, "42", TIMESTAMP, "{}".getBytes(StandardCharsets.UTF_8), signature, SENT))
                .isEqualTo(BAD_SIGNATURE);
    }

    @Test
    void malformedHeadersAreNotMistakenForSignatures() {
        String signature = PushSignature.sign(WEBHOOK, "42", SENT.getEpochSecond(), BODY);

        assertThat(check(WEBHOOK, "42", TIMESTAMP, BODY, null, SENT)).isEqualTo(MALFORMED);
        assertThat(check(WEBHOOK, null, TIMESTAMP, BODY, signature, SENT)).isEqualTo(MALFORMED);
        assertThat(check(WEBHOOK, "42", "yesterday", BODY, signature, SENT)).isEqualTo(MALFORMED);
        assertThat(check(WEBHOOK, "42", TIMESTAMP, BODY, signature.substring(3), SENT)).isEqualTo(MALFORMED);
        assertThat(check(WEBHOOK, "42", TIMESTAMP, BODY, "v1=zz", SENT)).isEqualTo(MALFORMED);
    }
}
