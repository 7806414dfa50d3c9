package io.liftwatch.common.config;

/**
 * Where the PostgreSQL (or TimescaleDB) database is, and who logs in. A service connects as its own
 * login ({@code user}), a member of its group role that is granted only what the service does; the
 * {@code owner} owns the schema and is used only to migrate it, and is null where a service must not
 * migrate (then it only checks that the schema is current). Commands that administer the database
 * connect as the owner itself.
 */
public record DbConfig(String url, String user, String password, int poolSize, Login owner) {

    /** A database login. */
    public record Login(String user, String password) {
        public Login {
            if (user == null || user.isBlank()) {
                throw new IllegalArgumentException("a database login needs a user name");
            }
            password = password == null ? "" : password;
        }
    }

    /** The services, each with its group role and the login it uses unless told otherwise. */
    public enum Service {
        INGEST("liftwatch_ingest", "lw_ingest"),
        ALERTS("liftwatch_alerts", "lw_alerts"),
        API("liftwatch_api", "lw_api"),
        READER("liftwatch_reader", "lw_reader");

        private final String group;
        private final String defaultLogin;

        Service(String group, String defaultLogin) {
            this.group = group;
            this.defaultLogin = defaultLogin;
        }

        /** The NOLOGIN role the grants are made to. */
        public String group() {
            return group;
        }

        public String defaultLogin() {
            return defaultLogin;
        }

        /** The prefix of this service's variables: {@code LIFTWATCH_INGEST_DB_USER} and so on. */
        String variable(String suffix) {
            return "LIFTWATCH_" + name() + "_DB_" + suffix;
        }
    }

    public static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/liftwatch";
    public static final String DEFAULT_OWNER = "postgres";

    public DbConfig {
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("LIFTWATCH_DB_URL must be a jdbc:postgresql: URL, got " + url);
        }
        if (url.matches("(?i).*[?&](user|password)=.*")) {
            throw new IllegalArgumentException("LIFTWATCH_DB_URL must not carry a user or password: the driver would"
                    + " let it override each service's own login");
        }
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("a database user is required");
        }
        password = password == null ? "" : password;
    }

    /** A connection as the schema's owner, who also migrates (administrative commands, tests, benchmarks). */
    public DbConfig(String url, String user, String password, int poolSize) {
        this(url, user, password, poolSize, new Login(user, password == null ? "" : password));
    }

    /** The owner's connection: {@code LIFTWATCH_DB_OWNER_USER} (formerly {@code LIFTWATCH_DB_USER}). */
    public static DbConfig from(Env env) {
        Login owner = owner(env);
        return new DbConfig(env.string("LIFTWATCH_DB_URL", DEFAULT_URL), owner.user(), owner.password(),
                env.integer("LIFTWATCH_DB_POOL", 8, 1, 200));
    }

    /**
     * A service's connection: its login from {@code LIFTWATCH_<SERVICE>_DB_USER} / {@code _PASSWORD}, and the
     * owner to migrate with unless {@code LIFTWATCH_DB_MIGRATE=off}. A service may not log in as the owner.
     */
    public static DbConfig forService(Env env, Service service) {
        String user = env.string(service.variable("USER"), service.defaultLogin());
        String migrate = env.string("LIFTWATCH_DB_MIGRATE", "on");
        if (!migrate.equals("on") && !migrate.equals("off")) {
            throw new IllegalArgumentException("LIFTWATCH_DB_MIGRATE must be on or off, got " + migrate);
        }
        Login owner = owner(env);
        if (user.equals(owner.user())) {
            throw new IllegalArgumentException(service.variable("USER") + " is " + user + ", the schema's owner: "
                    + service.name().toLowerCase() + " must log in as a member of " + service.group()
                    + " (see `liftwatch db roles`)");
        }
        return new DbConfig(env.string("LIFTWATCH_DB_URL", DEFAULT_URL), user,
                env.string(service.variable("PASSWORD"), ""), env.integer("LIFTWATCH_DB_POOL", 8, 1, 200),
                migrate.equals("on") ? owner : null);
    }

    private static Login owner(Env env) {
        return new Login(env.string("LIFTWATCH_DB_OWNER_USER", env.string("LIFTWATCH_DB_USER", DEFAULT_OWNER)),
                env.string("LIFTWATCH_DB_OWNER_PASSWORD", env.string("LIFTWATCH_DB_PASSWORD", "")));
    }

    /** Whether this service migrates the schema at start (as the owner). */
    public boolean migrates() {
        return owner != null;
    }

    /** The same database as the owner, for migrating. */
    public DbConfig asOwner() {
        if (owner == null) {
            throw new IllegalStateException("no owner login is configured (LIFTWATCH_DB_MIGRATE=off)");
        }
        return new DbConfig(url, owner.user(), owner.password(), 2, owner);
    }

    /** The same database and owner, logging in as {@code login}. */
    public DbConfig as(Login login) {
        return new DbConfig(url, login.user(), login.password(), poolSize, owner);
    }

    public DbConfig withPoolSize(int size) {
        return new DbConfig(url, user, password, size, owner);
    }
}
