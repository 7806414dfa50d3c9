package io.liftwatch.common.db;

import io.liftwatch.common.config.DbConfig;
import io.liftwatch.testing.IntegrationTest;
import org.flywaydb.core.api.output.MigrateResult;
import io.liftwatch.harness.ServiceUserDirs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first migration of a server LiftWatch has never seen: a private PostgreSQL cluster made by initdb, with
 * none of the cluster-wide group roles that the shared test server keeps from earlier runs. Versioned
 * migrations grant to those roles, so this is where a grant before the roles exist shows.
 */
@IntegrationTest
class NewServerMigrationTest {
    private static final List<String> GROUPS = List.of("liftwatch_ingest", "liftwatch_alerts", "liftwatch_api",
            "liftwatch_reader");

    private Path dir;

    @BeforeEach
    void makeFolder() throws IOException {
        dir = ServiceUserDirs.create("lw-new-server"); // initdb runs as 'postgres', which must reach it
    }

    @AfterEach
    void deleteFolder() {
        ServiceUserDirs.delete(dir);
    }

    @Test
    void migratesAServerWithoutTheGroupRoles() throws Exception {
        Path bin = serverBinaries();
        Path data = dir.resolve("data");
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) { // initdb and postgres refuse to run as root
            run(List.of("chown", "-R", "postgres", dir.toString()), false);
        }
        run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "--auth=trust",
                "-E", "UTF8", "--locale=C"), root);
        int port = freePort();
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-t", "60", "-l",
                dir.resolve("server.log").toString(), "-o", "-p " + port + " -k " + dir
                        + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"), root);
        try {
            DbConfig db = new DbConfig("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "", 4);
            try (var pool = Database.pool(db, "new-server")) {
                assertThat(groupsPresent(pool)).isEmpty();

                MigrateResult result = Schema.migrate(pool);

                assertThat(result.success).isTrue();
                assertThat(groupsPresent(pool)).containsExactlyInAnyOrderElementsOf(GROUPS);
                Schema.requireCurrent(pool);
            }
        } finally {
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop"),
                    root);
        }
    }

    private static List<String> groupsPresent(javax.sql.DataSource pool) throws SQLException {
        List<String> present = new ArrayList<>();
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT rolname FROM pg_roles WHERE rolname LIKE 'liftwatch\\_%'")) {
            while (rows.next()) {
                present.add(rows.getString(1));
            }
        }
        return present;
    }

    /** The newest PostgreSQL server installed in Debian's layout, or LIFTWATCH_PG_BINDIR. */
    private static Path serverBinaries() throws IOException {
        String configured = System.getenv("LIFTWATCH_PG_BINDIR");
        if (configured != null) {
            return Path.of(configured);
        }
        Path versions = Path.of("/usr/lib/postgresql");
        try (Stream<Path> installed = Files.list(versions)) {
            return installed.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparingInt(b -> Integer.parseInt(b.getParent().getFileName().toString())))
                    .orElseThrow(() -> new IllegalStateException("no initdb under " + versions
                            + "; set LIFTWATCH_PG_BINDIR to a PostgreSQL server's bin directory"));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void run(List<String> command, boolean asPostgres) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Process process = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true).start();
        boolean ended = process.waitFor(90, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!ended) {
            process.destroyForcibly();
        }
        assertThat(ended && process.exitValue() == 0).as("%s\n%s", full, output).isTrue();
    }
}
