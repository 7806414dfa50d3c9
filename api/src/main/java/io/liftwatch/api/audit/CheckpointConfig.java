package io.liftwatch.api.audit;

import io.liftwatch.common.config.Env;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where the API anchors the audit chain outside the database. Off (both paths null) unless
 * {@code LIFTWATCH_AUDIT_CHECKPOINT_DIR} is set; then {@code LIFTWATCH_AUDIT_SIGNING_KEY} must name the key
 * file ({@code liftwatch audit keygen}). Only one API instance of a deployment should write checkpoints.
 *
 * @param directory where checkpoint files are written (and read for the grid export and verification)
 * @param keyFile   the Ed25519 key file; never in the database, and not in {@code directory}
 * @param interval  how often the chain's heads are anchored (a checkpoint is written only when they moved)
 */
public record CheckpointConfig(Path directory, Path keyFile, Duration interval) {

    public CheckpointConfig {
        if ((directory == null) != (keyFile == null)) {
            throw new IllegalArgumentException("LIFTWATCH_AUDIT_CHECKPOINT_DIR and LIFTWATCH_AUDIT_SIGNING_KEY are set"
                    + " together (the key signs the checkpoints written to the directory), got " + directory + " and "
                    + keyFile);
        }
        if (directory != null && keyFile.toAbsolutePath().normalize().startsWith(directory.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("LIFTWATCH_AUDIT_SIGNING_KEY must not lie inside"
                    + " LIFTWATCH_AUDIT_CHECKPOINT_DIR: the directory is published, the key is not");
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("LIFTWATCH_AUDIT_CHECKPOINT_INTERVAL must be positive, got " + interval);
        }
    }

    public static CheckpointConfig off() {
        return new CheckpointConfig(null, null, Duration.ofHours(1));
    }

    public static CheckpointConfig from(Env env) {
        String directory = env.string("LIFTWATCH_AUDIT_CHECKPOINT_DIR", null);
        String key = env.string("LIFTWATCH_AUDIT_SIGNING_KEY", null);
        return new CheckpointConfig(directory == null ? null : Path.of(directory), key == null ? null : Path.of(key),
                env.duration("LIFTWATCH_AUDIT_CHECKPOINT_INTERVAL", Duration.ofHours(1)));
    }

    public boolean enabled() {
        return directory != null;
    }
}
