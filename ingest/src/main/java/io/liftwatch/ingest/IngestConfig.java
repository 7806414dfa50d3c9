package io.liftwatch.ingest;

import io.liftwatch.common.config.DbConfig;
import io.liftwatch.common.config.Env;
import io.liftwatch.common.config.MqttConfig;

import java.time.Duration;

/**
 * Everything ingest can be told, with defaults in one place.
 *
 * @param clientId        stable MQTT client id: the broker keeps this instance's session under it
 * @param group           shared-subscription group; instances of one group split the stream
 * @param sessionExpiry   how long the broker keeps queueing for this client while it is away
 * @param receiveMaximum  unacknowledged messages the broker may have in flight to us: the backpressure window
 * @param batchSize       most messages written in one transaction
 * @param batchMaxDelay   longest a message waits for its batch to fill
 * @param writers         batches committed at once, each on its own connection
 * @param maxPayloadBytes larger payloads are refused as oversize
 * @param skewThreshold   a device clock further than this from the receive time is flagged
 */
public record IngestConfig(DbConfig db, MqttConfig mqtt, String clientId, String group, Duration sessionExpiry,
                           int receiveMaximum, int batchSize, Duration batchMaxDelay, int writers, int maxPayloadBytes,
                           Duration skewThreshold, String opsHost, int opsPort) {

    public IngestConfig {
        if (batchSize > receiveMaximum) {
            throw new IllegalArgumentException("LIFTWATCH_INGEST_BATCH_SIZE (" + batchSize
                    + ") must not exceed LIFTWATCH_INGEST_RECEIVE_MAXIMUM (" + receiveMaximum + ")");
        }
    }

    public static IngestConfig from(Env env) {
        return new IngestConfig(
                DbConfig.forService(env, DbConfig.Service.INGEST),
                MqttConfig.from(env),
                env.string("LIFTWATCH_INGEST_CLIENT_ID", "liftwatch-ingest-1"),
                env.string("LIFTWATCH_INGEST_GROUP", "ingest"),
                MqttConfig.sessionExpiry(env, "LIFTWATCH_INGEST_SESSION_EXPIRY"),
                env.integer("LIFTWATCH_INGEST_RECEIVE_MAXIMUM", 4000, 1, 65535),
                env.integer("LIFTWATCH_INGEST_BATCH_SIZE", 2000, 1, 65535),
                env.duration("LIFTWATCH_INGEST_BATCH_DELAY", Duration.ofMillis(20)),
                env.integer("LIFTWATCH_INGEST_WRITERS", 2, 1, 8),
                io.liftwatch.common.screen.MessageScreen.maxPayloadBytes(env),
                env.duration("LIFTWATCH_INGEST_SKEW_THRESHOLD", Duration.ofMinutes(5)),
                env.string("LIFTWATCH_INGEST_OPS_HOST", "127.0.0.1"),
                env.integer("LIFTWATCH_INGEST_OPS_PORT", 8081, 0, 65535));
    }

}
