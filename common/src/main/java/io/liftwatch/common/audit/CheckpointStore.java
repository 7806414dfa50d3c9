package io.liftwatch.common.audit;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A directory of signed checkpoints, one JSON file each ({@code checkpoint-00000042.json}), written whole
 * or not at all. The directory may be synced to object storage or another machine; nothing in it is secret.
 */
public final class CheckpointStore {
    private static final String HEADS = """
            SELECT DISTINCT ON (lift_id) lift_id, seq, hash FROM audit_chain ORDER BY lift_id, seq DESC""";

    private final Path directory;

    public CheckpointStore(Path directory) {
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }

    /** Each lift's last link as the database holds it now, read in one statement (one snapshot). */
    public static List<AuditCheckpoint.Head> heads(Connection connection) throws SQLException {
        List<AuditCheckpoint.Head> heads = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(HEADS); ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                heads.add(new AuditCheckpoint.Head(rows.getString(1), rows.getLong(2), rows.getString(3)));
            }
        }
        return heads;
    }

    /**
     * Signs and writes a checkpoint of {@code heads}, unless they are what the latest checkpoint already
     * holds; returns the checkpoint written, or empty.
     */
    public Optional<AuditCheckpoint> write(List<AuditCheckpoint.Head> heads, KeyPair key, Instant now)
            throws IOException, GeneralSecurityException {
        Files.createDirectories(directory);
        Optional<AuditCheckpoint> latest = latest();
        AuditCheckpoint checkpoint = AuditCheckpoint.sign(latest.map(c -> c.sequence() + 1).orElse(1L), now, heads,
                key.getPrivate(), key.getPublic());
        if (latest.isPresent() && latest.get().digest().equals(checkpoint.digest())) {
            return Optional.empty();
        }
        Path target = directory.resolve(String.format("checkpoint-%08d.json", checkpoint.sequence()));
        Path temporary = Files.createTempFile(directory, ".checkpoint-", ".tmp");
        Files.writeString(temporary, checkpoint.toJson().encodePrettily(), StandardCharsets.UTF_8);
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target);
        }
        return Optional.of(checkpoint);
    }

    /** Every checkpoint in the directory, oldest first. */
    public List<AuditCheckpoint> all() throws IOException {
        return read(directory);
    }

    /** The newest checkpoint, if any. */
    public Optional<AuditCheckpoint> latest() throws IOException {
        List<AuditCheckpoint> all = all();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** The checkpoints in a file or a directory of files, in sequence order. */
    public static List<AuditCheckpoint> read(Path fileOrDirectory) throws IOException {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(fileOrDirectory)) {
            try (Stream<Path> listing = Files.list(fileOrDirectory)) {
                listing.filter(p -> p.getFileName().toString().matches("checkpoint-\\d+\\.json")).forEach(files::add);
            }
        } else if (Files.exists(fileOrDirectory)) {
            files.add(fileOrDirectory);
        } else {
            return List.of();
        }
        List<AuditCheckpoint> checkpoints = new ArrayList<>();
        for (Path file : files) {
            try {
                checkpoints.add(AuditCheckpoint.fromJson(new JsonObject(Files.readString(file, StandardCharsets.UTF_8))));
            } catch (RuntimeException e) {
                throw new IOException(file + " is not a readable checkpoint: " + e.getMessage(), e);
            }
        }
        checkpoints.sort(java.util.Comparator.comparingLong(AuditCheckpoint::sequence));
        return checkpoints;
    }
}
