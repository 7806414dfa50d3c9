package io.liftwatch.launcher;

import com.zaxxer.hikari.HikariDataSource;
import io.liftwatch.api.access.Tokens;
import io.liftwatch.common.config.DbConfig;
import io.liftwatch.common.config.Env;
import io.liftwatch.common.db.Database;
import io.liftwatch.common.db.Schema;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.concurrent.Callable;

@Command(name = "accounts", mixinStandardHelpOptions = true, description = "API accounts.",
        subcommands = AccountsCommand.Create.class)
final class AccountsCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create an account (LIFTWATCH_DB_*) and print a token for it: how the first administrator"
                    + " is made; after that, administrators create accounts through the API.")
    static final class Create implements Callable<Integer> {
        @Option(names = "--id", required = true)
        String id;

        @Option(names = "--role", required = true, description = "admin, maintenance, property, bureau or city")
        String role;

        @Option(names = "--organisation", description = "The company or manager (maintenance, property).")
        String organisation;

        @Option(names = "--region", description = "The district code a bureau supervises.")
        String region;

        @Option(names = "--name")
        String name;

        @Option(names = "--token-days", defaultValue = "90", description = "How long the printed token lasts (days).")
        int tokenDays;

        @Override
        public Integer call() throws Exception {
            if (io.liftwatch.common.registry.Ids.reason(id) != null) {
                System.err.println("--id " + io.liftwatch.common.registry.Ids.rule());
                return 2;
            }
            try (HikariDataSource pool = Database.pool(DbConfig.from(Env.system()).withPoolSize(2), "accounts")) {
                Schema.migrate(pool); // Flyway holds a second connection for its lock: the pool has two
                try (Connection c = pool.getConnection(); PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO account (id, name, role, organisation_id, region) VALUES (?, ?, ?, ?, ?)")) {
                    insert.setString(1, id);
                    insert.setString(2, name == null ? id : name);
                    insert.setString(3, role);
                    insert.setString(4, organisation);
                    insert.setString(5, region);
                    insert.executeUpdate();
                    System.out.println("account " + id + " (" + role + ") created; its token, shown only now:");
                    System.out.println(Tokens.issue(c, id, "created by liftwatch accounts create",
                            java.time.Duration.ofDays(tokenDays)).token());
                }
            }
            return 0;
        }
    }
}
