package io.liftwatch.api;

import io.liftwatch.api.audit.CheckpointConfig;
import io.liftwatch.common.config.DbConfig;
import io.liftwatch.common.config.Env;

import java.time.ZoneId;

/**
 * @param zone         the time zone that dates in queries and card validity are read in
 * @param maxBodyBytes larger request bodies are refused with 413
 * @param access       whether callers must present an account's token (off only where nobody else can reach
 *                     the API: the local demo)
 * @param brokerToken  the token a broker presents to ask about devices (EMQX's HTTP auth), or null
 * @param checkpoints  where the audit chain is anchored outside the database (off by default)
 */
public record ApiConfig(DbConfig db, String host, int port, ZoneId zone, int maxBodyBytes, boolean access,
                        String brokerToken, CheckpointConfig checkpoints) {

    /** Without audit checkpoints. */
    public ApiConfig(DbConfig db, String host, int port, ZoneId zone, int maxBodyBytes, boolean access,
                     String brokerToken) {
        this(db, host, port, zone, maxBodyBytes, access, brokerToken, CheckpointConfig.off());
    }

    public ApiConfig withCheckpoints(CheckpointConfig checkpoints) {
        return new ApiConfig(db, host, port, zone, maxBodyBytes, access, brokerToken, checkpoints);
    }

    public static ApiConfig from(Env env) {
        return new ApiConfig(DbConfig.forService(env, DbConfig.Service.API),
                env.string("LIFTWATCH_API_HOST", "127.0.0.1"),
                env.integer("LIFTWATCH_API_PORT", 8080, 0, 65535),
                ZoneId.of(env.string("LIFTWATCH_ZONE", "Asia/Shanghai")),
                env.integer("LIFTWATCH_API_MAX_BODY", 16 * 1024 * 1024, 1024, 512 * 1024 * 1024),
                !"off".equals(env.string("LIFTWATCH_API_ACCESS_CONTROL", "on")),
                env.string("LIFTWATCH_API_BROKER_TOKEN", null),
                CheckpointConfig.from(env));
    }

}
