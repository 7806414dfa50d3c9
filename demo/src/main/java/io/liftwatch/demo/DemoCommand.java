package io.liftwatch.demo;

import com.zaxxer.hikari.HikariDataSource;
import io.liftwatch.common.config.DbConfig;
import io.liftwatch.common.config.Env;
import io.liftwatch.launcher.Services;
import io.liftwatch.common.audit.AuditKeys;
import io.liftwatch.common.db.Database;
import io.liftwatch.common.db.DbRoles;
import io.liftwatch.common.devices.DevicePasswords;
import io.liftwatch.common.db.Schema;
import io.liftwatch.common.registry.Registry;
import io.liftwatch.common.registry.RegistryStore;
import io.liftwatch.simulator.Behaviour;
import io.liftwatch.simulator.Simulator;
import io.liftwatch.simulator.SimulatorConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The whole system with a simulated fleet in one process. Where no database or broker is configured it
 * starts embedded ones, so a fresh machine needs nothing but Java.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start everything with a simulated fleet; embedded PostgreSQL and MQTT broker "
        + "unless LIFTWATCH_DB_URL / LIFTWATCH_MQTT_URI are set.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--lifts", defaultValue = "50", description = "Simulated lifts (default ${DEFAULT-VALUE}).")
    int lifts;

    @Option(names = "--speed", defaultValue = "1", description = "Simulated seconds per real second (default ${DEFAULT-VALUE}).")
    double speed;

    @Option(names = "--busy", description = "Ten times the trips, and fault, entrapment and reboot rates that show "
            + "incidents within minutes.")
    boolean busy;

    @Option(names = "--fresh", description = "Start with an empty district instead of 60 days of seeded history.")
    boolean fresh;

    @Option(names = "--as", paramLabel = "ROLE", description = "Open the console signed in as maintenance, property, "
            + "bureau or admin (access control is then on, with a demo account of that role).")
    String as;

    @Option(names = "--data", defaultValue = "data", description = "Folder for the embedded services' data (default ${DEFAULT-VALUE}).")
    Path data;

    @Override
    public Integer call() throws Exception {
        String role = as == null ? null : DemoSignIn.role(as);
        Env system = Env.system();
        Map<String, String> env = new HashMap<>(System.getenv());
        AutoCloseable embeddedDb = null;
        AutoCloseable embeddedBroker = null;
        if (!system.isSet("LIFTWATCH_DB_URL")) {
            EmbeddedPostgres postgres = EmbeddedPostgres.start(data.toAbsolutePath().resolve("postgres"), 54329);
            embeddedDb = postgres;
            env.put("LIFTWATCH_DB_URL", postgres.config().url());
            env.put("LIFTWATCH_DB_OWNER_USER", postgres.config().user());
            createServiceLogins(postgres.config(), env);
            System.out.println("embedded PostgreSQL: " + postgres.config().url());
        }
        Path audit = data.toAbsolutePath().resolve("audit");
        if (!system.isSet("LIFTWATCH_AUDIT_CHECKPOINT_DIR")) {
            Path key = audit.resolve("signing.key");
            if (!Files.exists(key)) {
                AuditKeys.generate(key);
            }
            env.put("LIFTWATCH_AUDIT_CHECKPOINT_DIR", audit.resolve("checkpoints").toString());
            env.put("LIFTWATCH_AUDIT_SIGNING_KEY", key.toString());
        }
        if (!system.isSet("LIFTWATCH_MQTT_URI")) {
            Path folder = data.toAbsolutePath().resolve("mqtt");
            Files.createDirectories(folder);
            EmbeddedBroker broker = EmbeddedBroker.start(folder, portOr(11883));
            embeddedBroker = broker;
            env.put("LIFTWATCH_MQTT_URI", broker.config().serverUri());
            // One machine's shape. The embedded broker keeps sessions in memory, so no per-role sessions
            // from an earlier run are left queueing (a configured broker keeps the configured choice).
            env.putIfAbsent("LIFTWATCH_SHARED_SESSION", "on");
            System.out.println("embedded MQTT 5 broker: " + broker.config().serverUri());
        }
        // The demo listens on loopback only and is for trying LiftWatch out: tokens would only get in the way,
        // unless a role's console is asked for: its menu and reach exist only with access control on.
        env.putIfAbsent("LIFTWATCH_API_ACCESS_CONTROL", as == null ? "off" : "on");
        Env configured = new Env(env);

        SimulatorConfig simulation = SimulatorConfig.from(configured).withFleet(lifts, speed);
        if (busy) {
            simulation = simulation.withBehaviour(Behaviour.busy());
        }
        Simulator simulator = new Simulator(simulation);
        loadRegistry(DbConfig.from(configured), simulator.registry());
        simulator.writeRegistryFile();
        if (!fresh) {
            DemoHistory.seedIfEmpty(DbConfig.from(configured), simulator.registry(), simulation.seed());
        }

        Services services = new Services();
        services.start(Set.of("api", "ingest", "alerts"), configured);
        simulator.connect(System.currentTimeMillis());
        simulator.startLive(200);

        AutoCloseable db = embeddedDb;
        AutoCloseable broker = embeddedBroker;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            closeQuietly(services);
            closeQuietly(broker);
            closeQuietly(db);
        }));
        String base = "http://127.0.0.1:" + services.apiPort();
        System.out.println();
        System.out.println("LiftWatch demo: " + lifts + " simulated lifts at " + speed + "x");
        System.out.println("  dashboard      " + base + "/dashboard/");
        System.out.println("  console        " + base + "/console/");
        if (role != null) {
            String link = DemoSignIn.link(DbConfig.from(configured), simulator.registry(), role, base);
            System.out.println("  console as " + role + " (one-time link, 10 min): " + link);
            DemoSignIn.open(link);
        }
        System.out.println("  live fleet     " + base + "/api/v1/lifts");
        System.out.println("  one lift       " + base + "/api/v1/lifts/" + simulator.registry().lifts().get(0).id() + "/runs");
        System.out.println("  rides          " + base + "/api/v1/stairwells/sw-1/rides");
        System.out.println("  open alarms    " + base + "/api/v1/alarms");
        System.out.println("  dead letters   " + base + "/api/v1/dead-letters");
        System.out.println("  OpenAPI        " + base + "/api/v1/openapi.yaml");
        System.out.println("  metrics        " + base + "/metrics   (ingest: http://127.0.0.1:"
                + configured.integer("LIFTWATCH_INGEST_OPS_PORT", 8081, 0, 65535) + "/metrics)");
        System.out.println("  MQTT           " + env.get("LIFTWATCH_MQTT_URI") + "   topics lw/v1/{lift}/{kind}"
                + ("on".equals(configured.string("LIFTWATCH_SHARED_SESSION", "off"))
                ? ", ingest and alerts on one shared session" : ""));
        System.out.println("  audit          checkpoints in " + configured.string("LIFTWATCH_AUDIT_CHECKPOINT_DIR", "(off)"));
        System.out.println("  access control " + configured.string("LIFTWATCH_API_ACCESS_CONTROL", "on")
                + " (the demo's default; `liftwatch run` requires tokens)");
        System.out.println("Ctrl-C stops everything.");
        Thread.currentThread().join();
        return 0;
    }

    private static void loadRegistry(DbConfig db, Registry registry) throws Exception {
        try (HikariDataSource pool = Database.pool(db, "demo")) {
            Schema.migrate(pool);
            new RegistryStore(pool).upsert(registry);
        }
    }

    /**
     * The embedded database's superuser owns the schema; each service logs in as its own role, as in
     * production, with a password made for this run.
     */
    private static void createServiceLogins(DbConfig owner, Map<String, String> env) throws Exception {
        try (HikariDataSource pool = Database.pool(owner.withPoolSize(1), "demo-roles");
             java.sql.Connection c = pool.getConnection()) {
            for (DbConfig.Service service : DbConfig.Service.values()) {
                String password = DevicePasswords.generate();
                DbRoles.createLogin(c, service, service.defaultLogin(), password);
                env.put("LIFTWATCH_" + service.name() + "_DB_USER", service.defaultLogin());
                env.put("LIFTWATCH_" + service.name() + "_DB_PASSWORD", password);
            }
        }
    }

    private static int portOr(int preferred) throws Exception {
        try (ServerSocket socket = new ServerSocket(preferred, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (java.io.IOException taken) {
            try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            }
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            System.err.println("shutdown: " + e.getMessage());
        }
    }
}
