package io.liftwatch.launcher;

import com.zaxxer.hikari.HikariDataSource;
import io.liftwatch.common.audit.AuditChain;
import io.liftwatch.common.audit.AuditCheckpoint;
import io.liftwatch.common.audit.AuditKeys;
import io.liftwatch.common.audit.CheckpointStore;
import io.liftwatch.common.config.DbConfig;
import io.liftwatch.common.config.Env;
import io.liftwatch.common.db.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "audit", mixinStandardHelpOptions = true, description = "Audit records.",
        subcommands = {AuditCommand.Verify.class, AuditCommand.Keygen.class, AuditCommand.ExportPublicKey.class})
final class AuditCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check every lift's audit chain (maintenance visits, inspections, rescues) against the"
                    + " records as they are now (LIFTWATCH_DB_*) and, when given, against signed checkpoints; exit"
                    + " status 1 names each break.")
    static final class Verify implements Callable<Integer> {
        @Option(names = "--lift", description = "Only this lift's chain.")
        String lift;

        @Option(names = "--checkpoints", description = "A checkpoint file or a directory of them (repeatable): the"
                + " chain must still hold every head they anchored.")
        List<Path> checkpoints = new ArrayList<>();

        @Option(names = "--public-key", description = "The PEM public key the checkpoints were signed with"
                + " (`liftwatch audit public-key`); required with --checkpoints.")
        Path publicKey;

        @Override
        public Integer call() throws Exception {
            List<AuditCheckpoint> anchors = new ArrayList<>();
            int forged = 0;
            if (!checkpoints.isEmpty()) {
                if (publicKey == null) {
                    System.err.println("--checkpoints needs --public-key: an unsigned checkpoint proves nothing");
                    return 2;
                }
                java.security.PublicKey key = AuditKeys.loadPublic(publicKey);
                for (Path path : checkpoints) {
                    for (AuditCheckpoint checkpoint : CheckpointStore.read(path)) {
                        if (checkpoint.verifies(key)) {
                            anchors.add(checkpoint);
                        } else {
                            forged++;
                            System.out.printf("BAD CHECKPOINT %d (%s) in %s: its signature does not verify with %s%n",
                                    checkpoint.sequence(), checkpoint.createdAt(), path, publicKey);
                        }
                    }
                }
            }
            try (HikariDataSource pool = Database.pool(DbConfig.from(Env.system()).withPoolSize(1), "audit");
                 Connection connection = pool.getConnection()) {
                AuditChain.Report report = AuditChain.verify(connection, lift == null ? null : List.of(lift), anchors);
                for (AuditChain.Break b : report.breaks()) {
                    System.out.printf("BROKEN lift %s link %d (%s %d): %s%n", b.liftId(), b.seq(), b.kind(), b.recordId(),
                            b.problem());
                }
                System.out.printf("%d records checked against %d checkpoint(s), %s%n", report.recordsChecked(),
                        anchors.size(), report.intact() ? "chain intact" : report.breaks().size() + " broken");
                return report.intact() && forged == 0 ? 0 : 1;
            }
        }
    }

    @Command(name = "keygen", mixinStandardHelpOptions = true,
            description = "Create the Ed25519 key the API signs audit checkpoints with (LIFTWATCH_AUDIT_SIGNING_KEY),"
                    + " readable by its owner only; prints the public key to give to bureaus.")
    static final class Keygen implements Callable<Integer> {
        @Option(names = "--key", required = true, description = "The key file to create (must not exist).")
        Path key;

        @Override
        public Integer call() throws Exception {
            System.out.print(AuditKeys.exportPublic(AuditKeys.generate(key).getPublic()));
            return 0;
        }
    }

    @Command(name = "public-key", mixinStandardHelpOptions = true,
            description = "Print the public half of an audit signing key file, for `liftwatch audit verify`.")
    static final class ExportPublicKey implements Callable<Integer> {
        @Option(names = "--key", required = true, description = "The key file (LIFTWATCH_AUDIT_SIGNING_KEY).")
        Path key;

        @Override
        public Integer call() throws Exception {
            System.out.print(AuditKeys.exportPublic(AuditKeys.loadPublic(key)));
            return 0;
        }
    }
}
