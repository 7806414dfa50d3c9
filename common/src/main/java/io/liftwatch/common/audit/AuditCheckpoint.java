package io.liftwatch.common.audit;

import io.liftwatch.common.hash.Sha256;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

/**
 * The audit chain's heads at one moment, signed (Ed25519) with a key the database never sees. Kept outside
 * the database and handed to bureaus, a checkpoint proves what the chain held: a later chain that lacks a
 * head, or holds another hash at its place, was truncated or rewritten.
 *
 * <p>The signature covers {@code format, sequence, createdAt} and a SHA-256 digest over every head, one line
 * {@code liftId seq hash} each, in lift order; the JSON form ({@link #toJson}) carries the heads so the
 * digest can be recomputed.
 *
 * @param sequence  one more than the previous checkpoint of the same key
 * @param heads     each lift's last link when the checkpoint was taken, in lift order
 * @param keyId     the first 16 hex digits of SHA-256 over the public key's encoding
 * @param signature Ed25519 over {@link #signedBytes()}
 */
public record AuditCheckpoint(long sequence, Instant createdAt, List<Head> heads, String keyId, byte[] signature) {
    public static final String FORMAT = "liftwatch.audit-checkpoint/1";

    /** A lift's last link. */
    public record Head(String liftId, long seq, String hash) {
        JsonObject toJson() {
            return new JsonObject().put("liftId", liftId).put("seq", seq).put("hash", hash);
        }
    }

    public AuditCheckpoint {
        heads = heads.stream().sorted(Comparator.comparing(Head::liftId)).toList();
    }

    /** Signs the heads as they are now. */
    public static AuditCheckpoint sign(long sequence, Instant createdAt, List<Head> heads, PrivateKey key,
                                       PublicKey publicKey) throws GeneralSecurityException {
        AuditCheckpoint unsigned = new AuditCheckpoint(sequence, createdAt, heads, keyId(publicKey), new byte[0]);
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(key);
        signer.update(unsigned.signedBytes());
        return new AuditCheckpoint(sequence, createdAt, unsigned.heads(), unsigned.keyId(), signer.sign());
    }

    /** Whether {@code publicKey} made this checkpoint's signature over these heads. */
    public boolean verifies(PublicKey publicKey) {
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(publicKey);
            verifier.update(signedBytes());
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** SHA-256 over every head, one line each, in lift order. */
    public String digest() {
        MessageDigest sha = Sha256.newDigest();
        for (Head head : heads) {
            sha.update((head.liftId() + " " + head.seq() + " " + head.hash() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return Sha256.hex(sha);
    }

    byte[] signedBytes() {
        return (FORMAT + "\n" + sequence + "\n" + createdAt + "\n" + digest() + "\n").getBytes(StandardCharsets.UTF_8);
    }

    public JsonObject toJson() {
        JsonArray list = new JsonArray();
        heads.forEach(head -> list.add(head.toJson()));
        return new JsonObject().put("format", FORMAT).put("sequence", sequence).put("createdAt", createdAt.toString())
                .put("keyId", keyId).put("lifts", heads.size()).put("digest", digest()).put("heads", list)
                .put("signature", Base64.getEncoder().encodeToString(signature));
    }

    /** Reads the JSON form; fails with the field at fault. The signature is checked by {@link #verifies}. */
    public static AuditCheckpoint fromJson(JsonObject json) {
        if (!FORMAT.equals(json.getString("format"))) {
            throw new IllegalArgumentException("not a " + FORMAT + " document (format " + json.getValue("format") + ")");
        }
        List<Head> heads = new ArrayList<>();
        for (Object o : json.getJsonArray("heads", new JsonArray())) {
            JsonObject head = (JsonObject) o;
            heads.add(new Head(head.getString("liftId"), head.getLong("seq"), head.getString("hash")));
        }
        AuditCheckpoint checkpoint = new AuditCheckpoint(json.getLong("sequence"), Instant.parse(json.getString("createdAt")),
                heads, json.getString("keyId"), Base64.getDecoder().decode(json.getString("signature")));
        if (json.containsKey("digest") && !checkpoint.digest().equals(json.getString("digest"))) {
            throw new IllegalArgumentException("checkpoint " + checkpoint.sequence() + ": its digest does not match its heads");
        }
        return checkpoint;
    }

    public static String keyId(PublicKey publicKey) {
        return Sha256.hex(publicKey.getEncoded()).substring(0, 16);
    }
}
