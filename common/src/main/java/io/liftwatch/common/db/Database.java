package io.liftwatch.common.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.liftwatch.common.config.DbConfig;

/** The JDBC connection pool every service uses; JDBC calls run on worker threads, never an event loop. */
public final class Database {

    private Database() {
    }

    public static HikariDataSource pool(DbConfig config, String name) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(name);
        hikari.setJdbcUrl(config.url());
        hikari.setUsername(config.user());
        hikari.setPassword(config.password());
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setMinimumIdle(1);
        // Fail fast at start-up with the real cause instead of waiting for the pool's default 30 s.
        hikari.setInitializationFailTimeout(10_000);
        hikari.setConnectionTimeout(10_000);
        hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
        hikari.addDataSourceProperty("ApplicationName", name);
        return new HikariDataSource(hikari);
    }
}
