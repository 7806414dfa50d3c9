package io.liftwatch.api.audit;

import io.liftwatch.api.Blocking;
import io.liftwatch.common.audit.AuditCheckpoint;
import io.liftwatch.common.audit.AuditKeys;
import io.liftwatch.common.audit.CheckpointStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Anchors the audit chain: at start and then every interval, signs the heads of every lift's chain and
 * writes them as a checkpoint file, when they moved since the last one. The checkpoints are what proves a
 * later truncation or rewrite of the chain, so a failure to write one is logged as an error.
 */
public final class Checkpointer {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);

    private final Vertx vertx;
    private final Blocking db;
    private final CheckpointStore store;
    private final KeyPair key;
    private final long intervalMillis;
    private long timer = -1;

    private Checkpointer(Vertx vertx, Blocking db, CheckpointConfig config, KeyPair key) {
        this.vertx = vertx;
        this.db = db;
        this.store = new CheckpointStore(config.directory());
        this.key = key;
        this.intervalMillis = config.interval().toMillis();
    }

    /** Loads the signing key (failing start-up if it cannot) and writes the first checkpoint. */
    public static Future<Checkpointer> start(Vertx vertx, Blocking db, CheckpointConfig config) {
        return vertx.executeBlocking(() -> {
            try {
                return AuditKeys.load(config.keyFile());
            } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
                throw new IllegalStateException("cannot read the audit signing key " + config.keyFile() + " ("
                        + e.getMessage() + "); create one with `liftwatch audit keygen --key " + config.keyFile() + "`", e);
            }
        }).map(key -> new Checkpointer(vertx, db, config, key)).compose(checkpointer -> checkpointer.checkpoint()
                .map(first -> {
                    checkpointer.timer = vertx.setPeriodic(checkpointer.intervalMillis, id -> checkpointer.checkpoint());
                    return checkpointer;
                }));
    }

    /** Writes a checkpoint of the heads now, unless they have not moved; completes with it, or empty. */
    public Future<Optional<AuditCheckpoint>> checkpoint() {
        return db.run(c -> {
            List<AuditCheckpoint.Head> heads = CheckpointStore.heads(c);
            return store.write(heads, key, Instant.now());
        }).onSuccess(written -> written.ifPresent(cp -> LOG.info("audit checkpoint {} anchors {} lifts' chains",
                cp.sequence(), cp.heads().size())))
                .onFailure(e -> LOG.error("the audit checkpoint could not be written to {}", store.directory(), e));
    }

    public CheckpointStore store() {
        return store;
    }

    public java.security.PublicKey publicKey() {
        return key.getPublic();
    }

    public void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }
}
