package io.liftwatch.launcher;

import com.zaxxer.hikari.HikariDataSource;
import io.liftwatch.common.config.DbConfig;
import io.liftwatch.common.config.Env;
import io.liftwatch.common.db.Database;
import io.liftwatch.common.devices.BrokerAccess;
import io.liftwatch.common.devices.MosquittoFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "devices", mixinStandardHelpOptions = true,
        description = "Device credentials for the broker.", subcommands = DevicesCommand.Mosquitto.class)
final class DevicesCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "mosquitto", mixinStandardHelpOptions = true,
            description = "Write Mosquitto's password and ACL files (owner-only, 0600) from the lifts' credentials"
                    + " (LIFTWATCH_DB_*) and the service accounts given; chown them to the broker's user, then reload"
                    + " it (SIGHUP). See docs/mqtt-identities.md.")
    static final class Mosquitto implements Callable<Integer> {
        @Option(names = "--out", required = true, description = "Directory for liftwatch.passwd and liftwatch.acl.")
        Path out;

        @Option(names = "--service", description = "A LiftWatch service connection's account as client-id=password"
                + " (repeatable; e.g. liftwatch-ingest-1=…): Mosquitto names every connection after its user, so each"
                + " connection has its own. It may read lw/v1/# and write lw/alerts/#.")
        Map<String, String> services = new LinkedHashMap<>();

        @Override
        public Integer call() throws Exception {
            try (HikariDataSource pool = Database.pool(DbConfig.from(Env.system()).withPoolSize(1), "devices")) {
                int lifts = MosquittoFiles.write(pool, out, BrokerAccess.services(services));
                System.out.printf("wrote %s and %s: %d lifts, %d service accounts%n", out.resolve(MosquittoFiles.PASSWORDS),
                        out.resolve(MosquittoFiles.ACL), lifts, services.size());
            }
            return 0;
        }
    }
}
