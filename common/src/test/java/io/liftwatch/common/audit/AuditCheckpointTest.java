package io.liftwatch.common.audit;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuditCheckpointTest {
    private static final Instant AT = Instant.parse("2026-06-30T16:00:00Z");
    private static final List<AuditCheckpoint.Head> HEADS = List.of(
            new AuditCheckpoint.Head("31103201162023050042", 17, "a1"),
            new AuditCheckpoint.Head("31103201162023050007", 3, "b2"));

    private static KeyPair key() throws Exception {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    @Test
    void aSignedCheckpointVerifiesAfterATripThroughItsJson() throws Exception {
        KeyPair key = key();
        AuditCheckpoint signed = AuditCheckpoint.sign(4, AT, HEADS, key.getPrivate(), key.getPublic());

        AuditCheckpoint read = AuditCheckpoint.fromJson(signed.toJson());

        assertThat(read.verifies(key.getPublic())).isTrue();
        assertThat(read.heads()).extracting(AuditCheckpoint.Head::liftId)
                .containsExactly("31103201162023050007", "31103201162023050042");
        assertThat(read.keyId()).isEqualTo(AuditCheckpoint.keyId(key.getPublic())).hasSize(16);
        assertThat(signed.toJson().getString("format")).isEqualTo("liftwatch.audit-checkpoint/1");
    }

    @Test
    void anyChangeToTheHeadsTheTimeOrTheSequenceBreaksTheSignature() throws Exception {
        KeyPair key = key();
        AuditCheckpoint signed = AuditCheckpoint.sign(4, AT, HEADS, key.getPrivate(), key.getPublic());

        var moved = signed.toJson();
        moved.getJsonArray("heads").getJsonObject(0).put("seq", 2);
        moved.remove("digest");
        var later = signed.toJson().put("createdAt", AT.plusSeconds(1).toString());
        var renumbered = signed.toJson().put("sequence", 5);

        assertThat(AuditCheckpoint.fromJson(moved).verifies(key.getPublic())).isFalse();
        assertThat(AuditCheckpoint.fromJson(later).verifies(key.getPublic())).isFalse();
        assertThat(AuditCheckpoint.fromJson(renumbered).verifies(key.getPublic())).isFalse();
        assertThat(signed.verifies(key().getPublic())).as("another key").isFalse();
        var inconsistent = signed.toJson();
        inconsistent.getJsonArray("heads").getJsonObject(0).put("hash", "ff");
        assertThatThrownBy(() -> AuditCheckpoint.fromJson(inconsistent)).hasMessageContaining("digest");
    }

    @Test
    void theKeyFileIsPrivateToItsOwnerAndExportsItsPublicHalf() throws Exception {
        Path folder = Files.createTempDirectory("lw-key");
        Path file = folder.resolve("signing.key");
        try {
            KeyPair generated = AuditKeys.generate(file);
            KeyPair loaded = AuditKeys.load(file);
            Path exported = Files.writeString(folder.resolve("public.pem"), AuditKeys.exportPublic(loaded.getPublic()));

            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(AuditKeys.loadPublic(exported)).isEqualTo(generated.getPublic());
            AuditCheckpoint signed = AuditCheckpoint.sign(1, AT, HEADS, loaded.getPrivate(), loaded.getPublic());
            assertThat(signed.verifies(AuditKeys.loadPublic(exported))).isTrue();
            assertThatThrownBy(() -> AuditKeys.generate(file)).isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
            Files.setPosixFilePermissions(exported, PosixFilePermissions.fromString("rw-------"));
            assertThatThrownBy(() -> AuditKeys.load(exported)).hasMessageContaining("PRIVATE KEY");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            assertThatThrownBy(() -> AuditKeys.load(file)).hasMessageContaining("chmod 600");
        } finally {
            try (var files = Files.walk(folder)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    void aStoreWritesACheckpointOnlyWhenTheHeadsMoved() throws Exception {
        Path folder = Files.createTempDirectory("lw-checkpoints");
        try {
            KeyPair key = key();
            CheckpointStore store = new CheckpointStore(folder);

            assertThat(store.write(HEADS, key, AT)).get().extracting(AuditCheckpoint::sequence).isEqualTo(1L);
            assertThat(store.write(HEADS, key, AT.plusSeconds(3600))).isEmpty();
            List<AuditCheckpoint.Head> moved = List.of(HEADS.get(0), new AuditCheckpoint.Head("31103201162023050007", 4, "c3"));
            assertThat(store.write(moved, key, AT.plusSeconds(7200))).get().extracting(AuditCheckpoint::sequence)
                    .isEqualTo(2L);

            assertThat(CheckpointStore.read(folder)).extracting(AuditCheckpoint::sequence).containsExactly(1L, 2L);
            assertThat(Files.exists(folder.resolve("checkpoint-00000002.json"))).isTrue();
        } finally {
            try (var files = Files.walk(folder)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
