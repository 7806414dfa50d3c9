package io.liftwatch.launcher;

import com.zaxxer.hikari.HikariDataSource;
import io.liftwatch.common.audit.AuditChain;
import io.liftwatch.common.config.DbConfig;
import io.liftwatch.common.config.Env;
import io.liftwatch.common.db.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.sql.Connection;
import java.util.concurrent.Callable;

@Command(name = "audit", mixinStandardHelpOptions = true, description = "Audit records.",
        subcommands = AuditCommand.Verify.class)
final class AuditCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check every lift's audit chain (maintenance visits, inspections, rescues) against the"
                    + " records as they are now (LIFTWATCH_DB_*); exit status 1 names each break.")
    static final class Verify implements Callable<Integer> {
        @Option(names = "--lift", description = "Only this lift's chain.")
        String lift;

        @Override
        public Integer call() throws Exception {
            try (HikariDataSource pool = Database.pool(DbConfig.from(Env.system()).withPoolSize(1), "audit");
                 Connection connection = pool.getConnection()) {
                AuditChain.Report report = AuditChain.verify(connection, lift);
                for (AuditChain.Break b : report.breaks()) {
                    System.out.printf("BROKEN lift %s link %d (%s %d): %s%n", b.liftId(), b.seq(), b.kind(), b.recordId(),
                            b.problem());
                }
                System.out.printf("%d records checked, %s%n", report.recordsChecked(),
                        report.intact() ? "chain intact" : report.breaks().size() + " broken");
                return report.intact() ? 0 : 1;
            }
        }
    }
}
