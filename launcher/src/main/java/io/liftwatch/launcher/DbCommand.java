package io.liftwatch.launcher;

import com.zaxxer.hikari.HikariDataSource;
import io.liftwatch.common.config.DbConfig;
import io.liftwatch.common.config.DbConfig.Service;
import io.liftwatch.common.config.Env;
import io.liftwatch.common.db.Database;
import io.liftwatch.common.db.DbRoles;
import io.liftwatch.common.db.Schema;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "db", mixinStandardHelpOptions = true, description = "Database roles and schema.",
        subcommands = {DbCommand.Roles.class, DbCommand.Migrate.class, DbCommand.Timescale.class})
final class DbCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "roles", mixinStandardHelpOptions = true, description = "Create the group roles"
            + " (liftwatch_ingest, liftwatch_alerts, liftwatch_api, liftwatch_reader) and each service's login as a"
            + " member of its group: LIFTWATCH_{INGEST,ALERTS,API,READER}_DB_USER / _PASSWORD. Runs as"
            + " LIFTWATCH_DB_ADMIN_USER (default: the owner), which needs CREATEROLE; --print only prints the SQL.")
    static final class Roles implements Callable<Integer> {
        @Option(names = "--print", description = "Print the statements for a database administrator instead of running them.")
        boolean print;

        @Override
        public Integer call() throws Exception {
            Env env = Env.system();
            List<String> statements = new ArrayList<>(DbRoles.groupStatements());
            for (Service service : Service.values()) {
                String login = env.string("LIFTWATCH_" + service.name() + "_DB_USER", service.defaultLogin());
                String password = env.string("LIFTWATCH_" + service.name() + "_DB_PASSWORD", "");
                if (print) {
                    statements.addAll(DbRoles.loginStatements(service, login, password.isEmpty() ? null : "…"));
                    continue;
                }
                DbConfig owner = DbConfig.from(env);
                DbConfig admin = new DbConfig(owner.url(), env.string("LIFTWATCH_DB_ADMIN_USER", owner.user()),
                        env.string("LIFTWATCH_DB_ADMIN_PASSWORD", env.isSet("LIFTWATCH_DB_ADMIN_USER") ? "" : owner.password()), 1);
                try (HikariDataSource pool = Database.pool(admin, "roles"); Connection c = pool.getConnection()) {
                    DbRoles.createLogin(c, service, login, password);
                }
                System.out.println(login + " logs in as a member of " + service.group()
                        + (password.isEmpty() ? " (no password set: the server's pg_hba.conf decides)" : ""));
            }
            if (print) {
                statements.forEach(statement -> System.out.println(statement + ";"));
                System.out.println("-- CREATE fails harmlessly where the role exists; then run `liftwatch db migrate`.");
            }
            return 0;
        }
    }

    @Command(name = "migrate", mixinStandardHelpOptions = true, description = "Apply pending migrations and the"
            + " grants as the schema's owner (LIFTWATCH_DB_OWNER_USER / _PASSWORD); services started with"
            + " LIFTWATCH_DB_MIGRATE=off then only check the schema is current.")
    static final class Migrate implements Callable<Integer> {
        @Override
        public Integer call() {
            try (HikariDataSource pool = Database.pool(DbConfig.from(Env.system()).withPoolSize(2), "migrate")) {
                var result = Schema.migrate(pool);
                System.out.println(result.migrationsExecuted + " migration(s) applied, schema at "
                        + (result.targetSchemaVersion == null ? result.initialSchemaVersion : result.targetSchemaVersion));
            }
            return 0;
        }
    }

    @Command(name = "timescale", mixinStandardHelpOptions = true, description = "Make the telemetry and rollup tables"
            + " compressed TimescaleDB hypertables (telemetry with retention), as the schema's owner, where the extension"
            + " is installed and usable; prints what it did or why it could not. Safe to repeat: run it when"
            + " TimescaleDB is added to a database first migrated on plain PostgreSQL.")
    static final class Timescale implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            try (HikariDataSource pool = Database.pool(DbConfig.from(Env.system()).withPoolSize(1), "timescale")) {
                Schema.timescale(pool).forEach(System.out::println);
            }
            return 0;
        }
    }
}
