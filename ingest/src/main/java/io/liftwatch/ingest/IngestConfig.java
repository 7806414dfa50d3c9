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
 * @param statusPacking   when closed lift-days of status rows are packed into one row each (V53)
 */
public record IngestConfig(DbConfig db, MqttConfig mqtt, String clientId, String group, Duration sessionExpiry,
                           int receiveMaximum, int batchSize, Duration batchMaxDelay, int writers, int maxPayloadBytes,
                           Duration skewThreshold, String opsHost, int opsPort, StatusPacking statusPacking) {

    /**
     * @param period                 time between the packing job's runs (the first one period after start)
     * @param margin                 a day is packed once it ended this long ago (China Standard Time days)
     * @param liftDaysPerTransaction most lift-days packed in one transaction
     */
    public record StatusPacking(Duration period, Duration margin, int liftDaysPerTransaction) {
        public StatusPacking {
            if (period.toSeconds() < 1 || margin.isNegative()) {
                throw new IllegalArgumentException("LIFTWATCH_INGEST_STATUS_PACK_PERIOD (" + period
                        + ") must be at least a second and LIFTWATCH_INGEST_STATUS_PACK_MARGIN (" + margin
                        + ") not negative");
            }
        }

        public static StatusPacking from(Env env) {
            return new StatusPacking(env.duration("LIFTWATCH_INGEST_STATUS_PACK_PERIOD", Duration.ofHours(1)),
                    env.duration("LIFTWATCH_INGEST_STATUS_PACK_MARGIN", Duration.ofHours(1)),
                    env.integer("LIFTWATCH_INGEST_STATUS_PACK_BATCH", 500, 1, 100_000));
        }
    }

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
                env.integer("LIFTWATCH_INGEST_OPS_PORT", 8081, 0, 65535),
                StatusPacking.from(env));
    }

}
