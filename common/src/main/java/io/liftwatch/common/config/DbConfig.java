package io.liftwatch.common.config;

/** Where the PostgreSQL (or TimescaleDB) database is. */
public record DbConfig(String url, String user, String password, int poolSize) {

    public DbConfig {
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("LIFTWATCH_DB_URL must be a jdbc:postgresql: URL, got " + url);
        }
    }

    public static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/liftwatch";

    public static DbConfig from(Env env) {
        return new DbConfig(
                env.string("LIFTWATCH_DB_URL", DEFAULT_URL),
                env.string("LIFTWATCH_DB_USER", "postgres"),
                env.string("LIFTWATCH_DB_PASSWORD", ""),
                env.integer("LIFTWATCH_DB_POOL", 8, 1, 200));
    }

    public DbConfig withPoolSize(int size) {
        return new DbConfig(url, user, password, size);
    }
}
