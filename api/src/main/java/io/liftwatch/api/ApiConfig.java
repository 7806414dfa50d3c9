package io.liftwatch.api;

import io.liftwatch.api.audit.CheckpointConfig;
import io.liftwatch.common.config.DbConfig;
import io.liftwatch.common.config.Env;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;

/**
 * @param zone             the time zone that dates in queries and card validity are read in
 * @param maxBodyBytes     the largest body a registry import takes (413 beyond)
 * @param access           whether callers must present an account's token (off only where nobody else can reach
 *                         the API: the local demo)
 * @param brokerToken      the token a broker presents to ask about devices (EMQX's HTTP auth), or null
 * @param maxJsonBodyBytes the largest body any other route takes (413 beyond)
 * @param tokenLifetime    how long a token from a password login (or its refresh) lasts
 * @param checkpoints      where the audit chain is anchored outside the database (off by default)
 * @param trustedProxies   the addresses of reverse proxies whose {@code X-Forwarded-For} names the client (none by
 *                         default: the peer's address is the client's)
 * @param commandWait      how long a call with an alarm command waits for the alerts service to apply it before
 *                         answering 202 (0 to 60 seconds)
 */
public record ApiConfig(DbConfig db, String host, int port, ZoneId zone, int maxBodyBytes, boolean access,
                        String brokerToken, int maxJsonBodyBytes, Duration tokenLifetime, CheckpointConfig checkpoints,
                        List<String> trustedProxies, Duration commandWait) {

    public static final int DEFAULT_MAX_JSON_BODY = 64 * 1024;
    public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofHours(12);
    public static final Duration DEFAULT_COMMAND_WAIT = Duration.ofSeconds(5);
    private static final Duration LONGEST_COMMAND_WAIT = Duration.ofSeconds(60);

    public ApiConfig {
        trustedProxies = List.copyOf(trustedProxies);
        for (String proxy : trustedProxies) {
            if (!proxy.matches("[0-9a-fA-F.:]+")) {
                throw new IllegalArgumentException("LIFTWATCH_API_TRUSTED_PROXIES lists '" + proxy
                        + "', which is not an IP address (host names are not resolved)");
            }
        }
        if (commandWait.isNegative() || commandWait.compareTo(LONGEST_COMMAND_WAIT) > 0) {
            throw new IllegalArgumentException("LIFTWATCH_API_COMMAND_WAIT must be from 0 to 60 seconds, got " + commandWait);
        }
        if (maxJsonBodyBytes > maxBodyBytes) {
            throw new IllegalArgumentException("LIFTWATCH_API_MAX_JSON_BODY (" + maxJsonBodyBytes
                    + ") must not exceed LIFTWATCH_API_MAX_BODY (" + maxBodyBytes + ")");
        }
    }

    /** With the default JSON body limit and token lifetime, without audit checkpoints. */
    public ApiConfig(DbConfig db, String host, int port, ZoneId zone, int maxBodyBytes, boolean access,
                     String brokerToken) {
        this(db, host, port, zone, maxBodyBytes, access, brokerToken, Math.min(DEFAULT_MAX_JSON_BODY, maxBodyBytes),
                DEFAULT_TOKEN_LIFETIME, CheckpointConfig.off(), List.of(), DEFAULT_COMMAND_WAIT);
    }

    public ApiConfig withCheckpoints(CheckpointConfig checkpoints) {
        return new ApiConfig(db, host, port, zone, maxBodyBytes, access, brokerToken, maxJsonBodyBytes, tokenLifetime,
                checkpoints, trustedProxies, commandWait);
    }

    public ApiConfig withTrustedProxies(List<String> proxies) {
        return new ApiConfig(db, host, port, zone, maxBodyBytes, access, brokerToken, maxJsonBodyBytes, tokenLifetime,
                checkpoints, proxies, commandWait);
    }

    public ApiConfig withCommandWait(Duration wait) {
        return new ApiConfig(db, host, port, zone, maxBodyBytes, access, brokerToken, maxJsonBodyBytes, tokenLifetime,
                checkpoints, trustedProxies, wait);
    }

    public static ApiConfig from(Env env) {
        return new ApiConfig(DbConfig.forService(env, DbConfig.Service.API),
                env.string("LIFTWATCH_API_HOST", "127.0.0.1"),
                env.integer("LIFTWATCH_API_PORT", 8080, 0, 65535),
                ZoneId.of(env.string("LIFTWATCH_ZONE", "Asia/Shanghai")),
                env.integer("LIFTWATCH_API_MAX_BODY", 16 * 1024 * 1024, 1024, 512 * 1024 * 1024),
                !"off".equals(env.string("LIFTWATCH_API_ACCESS_CONTROL", "on")),
                env.string("LIFTWATCH_API_BROKER_TOKEN", null),
                env.integer("LIFTWATCH_API_MAX_JSON_BODY", DEFAULT_MAX_JSON_BODY, 1024, 16 * 1024 * 1024),
                Duration.ofHours(env.integer("LIFTWATCH_API_TOKEN_HOURS", 12, 1, 24 * 30)),
                CheckpointConfig.from(env),
                Arrays.stream(env.string("LIFTWATCH_API_TRUSTED_PROXIES", "").split(",")).map(String::trim)
                        .filter(a -> !a.isEmpty()).toList(),
                env.duration("LIFTWATCH_API_COMMAND_WAIT", DEFAULT_COMMAND_WAIT));
    }
}
