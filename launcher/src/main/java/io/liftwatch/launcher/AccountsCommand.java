package io.liftwatch.launcher;

import com.zaxxer.hikari.HikariDataSource;
import io.liftwatch.api.access.Tokens;
import io.liftwatch.common.accounts.AccountRules;
import io.liftwatch.common.config.DbConfig;
import io.liftwatch.common.config.Env;
import io.liftwatch.common.db.Database;
import io.liftwatch.common.db.Schema;
import io.liftwatch.common.db.Transactions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.Callable;

@Command(name = "accounts", mixinStandardHelpOptions = true, description = "API accounts.",
        subcommands = {AccountsCommand.Create.class, AccountsCommand.Disable.class, AccountsCommand.Enable.class})
final class AccountsCommand implements Runnable {
    private static final Set<String> ROLES = Set.of("admin", "maintenance", "property", "bureau", "city");

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** What a refusal exits with: the request was understood and goes against a rule. */
    private static final int REFUSED = 1;
    /** What a malformed request exits with. */
    private static final int USAGE = 2;

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
                return USAGE;
            }
            if (!ROLES.contains(role)) {
                System.err.println("--role must be one of admin, maintenance, property, bureau or city, not '" + role + "'");
                return USAGE;
            }
            try (HikariDataSource pool = Database.pool(DbConfig.from(Env.system()).withPoolSize(2), "accounts")) {
                Schema.migrate(pool); // Flyway holds a second connection for its lock: the pool has two
                try (Connection c = pool.getConnection()) {
                    // The API's own rule: the organisation of the role's kind, the region a district that exists.
                    String problem = AccountRules.reachProblem(c, role, organisation, region, "--organisation", "--region");
                    if (problem != null) {
                        System.err.println("account " + id + " not created: " + problem);
                        return REFUSED;
                    }
                    try (PreparedStatement insert = c.prepareStatement(
                            "INSERT INTO account (id, name, role, organisation_id, region) VALUES (?, ?, ?, ?, ?)")) {
                        insert.setString(1, id);
                        insert.setString(2, name == null ? id : name);
                        insert.setString(3, role);
                        insert.setString(4, organisation);
                        insert.setString(5, region);
                        insert.executeUpdate();
                    }
                    System.out.println("account " + id + " (" + role + ") created; its token, shown only now:");
                    System.out.println(Tokens.issue(c, id, "created by liftwatch accounts create",
                            java.time.Duration.ofDays(tokenDays)).token());
                }
            }
            return 0;
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = "Stop an account signing in and end its sessions: every token and console session it has"
                    + " is revoked, its open live streams close. The last enabled administrator is kept.")
    static final class Disable implements Callable<Integer> {
        @Parameters(paramLabel = "ACCOUNT")
        String account;

        @Override
        public Integer call() throws Exception {
            return asOwner(c -> {
                String problem = AccountRules.lastAdministratorProblem(c, account);
                if (problem != null) {
                    return Outcome.refused(problem);
                }
                int revoked = AccountRules.disable(c, account);
                return revoked < 0 ? Outcome.refused("account " + account + " does not exist")
                        : Outcome.done("account " + account + " disabled: it can no longer sign in; " + revoked
                        + " live token(s) and console session(s) revoked");
            });
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true,
            description = "Let a disabled account sign in again; the tokens revoked when it was disabled stay revoked.")
    static final class Enable implements Callable<Integer> {
        @Parameters(paramLabel = "ACCOUNT")
        String account;

        @Override
        public Integer call() throws Exception {
            return asOwner(c -> AccountRules.enable(c, account) ? Outcome.done("account " + account + " enabled: it may"
                    + " sign in again (with its password, or a new token)")
                    : Outcome.refused("account " + account + " does not exist"));
        }
    }

    /** Runs one change in a transaction as the schema's owner (LIFTWATCH_DB_*), prints its outcome, gives the exit code. */
    private static int asOwner(Transactions.Work<Outcome, SQLException> change) throws SQLException {
        try (HikariDataSource pool = Database.pool(DbConfig.from(Env.system()).withPoolSize(1), "accounts")) {
            return Transactions.inTransaction(pool, change).report();
        }
    }

    /** What a command did, or why it did nothing. */
    private record Outcome(boolean refused, String message) {
        static Outcome done(String message) {
            return new Outcome(false, message);
        }

        static Outcome refused(String why) {
            return new Outcome(true, why);
        }

        /** Prints the message (a refusal to standard error) and gives the exit code. */
        int report() {
            (refused ? System.err : System.out).println(message);
            return refused ? REFUSED : 0;
        }
    }
}
