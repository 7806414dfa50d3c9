package io.liftwatch.alerts;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The signature on every webhook and city-feed delivery: HMAC-SHA256, keyed by the endpoint's own
 * secret, over {@code "{id}.{timestamp}.{body}"}, sent as {@value #SIGNATURE}: {@code v1=<hex>} beside
 * {@value #ID} (the delivery's id, the same on every retry) and {@value #TIMESTAMP} (Unix seconds of this
 * attempt). A receiver accepts a delivery whose signature matches and whose timestamp is within
 * {@link #REPLAY_WINDOW} of its clock, and keeps the ids it accepted for that long to drop repeats; so a
 * captured delivery can be neither altered nor replayed later. Receivers may use {@link #verify} as is.
 */
public final class PushSignature {
    public static final String ID = "X-LiftWatch-Id";
    public static final String TIMESTAMP = "X-LiftWatch-Timestamp";
    public static final String SIGNATURE = "X-LiftWatch-Signature";
    /** How far a delivery's timestamp may be from the receiver's clock, either way. */
    public static final Duration REPLAY_WINDOW = Duration.ofMinutes(5);
    private static final String VERSION = "v1=";

    public enum Verdict { VALID, BAD_SIGNATURE, OUTSIDE_WINDOW, MALFORMED }

    private PushSignature() {
    }

    /** The {@value #SIGNATURE} header's value for one delivery attempt. */
    public static String sign(String secret, String id, long timestampSeconds, byte[] body) {
        return VERSION + HexFormat.of().formatHex(mac(secret, id, Long.toString(timestampSeconds), body));
    }

    /** What a receiver concludes from the three headers and the raw body, at {@code now}. */
    public static Verdict verify(String secret, String id, String timestamp, byte[] body, String signature,
                                 Instant now, Duration window) {
        if (id == null || timestamp == null || signature == null || !signature.startsWith(VERSION)
                || !timestamp.matches("\\d{1,12}")) {
            return Verdict.MALFORMED;
        }
        byte[] presented;
        try {
            presented = HexFormat.of().parseHex(signature.substring(VERSION.length()));
        } catch (IllegalArgumentException notHex) {
            return Verdict.MALFORMED;
        }
        // Constant time: how much of a signature matched must not show in how long the refusal took.
        if (!MessageDigest.isEqual(presented, mac(secret, id, timestamp, body))) {
            return Verdict.BAD_SIGNATURE;
        }
        long age = now.getEpochSecond() - Long.parseLong(timestamp);
        return Math.abs(age) > window.toSeconds() ? Verdict.OUTSIDE_WINDOW : Verdict.VALID;
    }

    private static byte[] mac(String secret, String id, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
        }
    }
}
