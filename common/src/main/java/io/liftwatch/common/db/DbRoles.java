package io.liftwatch.common.db;

import io.liftwatch.common.config.DbConfig.Service;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates the group roles the grants are made to ({@code R__grants.sql}) and the logins that are members of
 * them. Roles belong to the whole PostgreSQL cluster, so several databases (tests, a second deployment) may
 * create the same ones at once: every step tolerates finding its work already done, also concurrently.
 * Needs a role administrator (CREATEROLE or superuser), which the schema's owner need not be.
 */
public final class DbRoles {
    private static final String DUPLICATE_OBJECT = "42710";
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String CONCURRENT_UPDATE = "XX000"; // "tuple concurrently updated"

    private DbRoles() {
    }

    /** The statements that create the four group roles. */
    public static List<String> groupStatements() {
        List<String> sql = new ArrayList<>();
        for (Service service : Service.values()) {
            sql.add("CREATE ROLE " + service.group()
                    + " NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS");
        }
        return sql;
    }

    /**
     * The statements that create a login that is a member of {@code service}'s group, and set its password
     * when one is given (an existing login keeps its password otherwise).
     */
    public static List<String> loginStatements(Service service, String login, String password) {
        String name = identifier(login);
        List<String> sql = new ArrayList<>();
        sql.add("CREATE ROLE " + name + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT");
        if (password != null && !password.isEmpty()) {
            sql.add("ALTER ROLE " + name + " PASSWORD " + literal(password));
        }
        sql.add("GRANT " + service.group() + " TO " + name);
        return sql;
    }

    /** Creates the group roles that do not exist yet. */
    public static void createGroups(Connection connection) throws SQLException {
        for (String statement : groupStatements()) {
            tolerant(connection, statement);
        }
    }

    /** Creates the groups, and {@code login} as a member of {@code service}'s group with this password. */
    public static void createLogin(Connection connection, Service service, String login, String password)
            throws SQLException {
        createGroups(connection);
        List<String> statements = loginStatements(service, login, password);
        tolerant(connection, statements.get(0));
        refusePrivileged(connection, login);
        for (String statement : statements.subList(1, statements.size())) {
            tolerant(connection, statement);
        }
    }

    /** A login that already existed with powers of its own (the owner, a superuser) is no service login. */
    private static void refusePrivileged(Connection connection, String login) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT rolsuper OR rolcreaterole OR rolcreatedb OR rolreplication OR rolbypassrls OR rolname = current_user
                       OR EXISTS (SELECT 1 FROM pg_class WHERE relowner = r.oid)
                FROM pg_roles r WHERE rolname = ?""")) {
            query.setString(1, login);
            try (ResultSet row = query.executeQuery()) {
                if (row.next() && row.getBoolean(1)) {
                    throw new IllegalArgumentException("the login " + login + " already exists as a privileged role (a"
                            + " superuser, a role administrator, the caller or an owner of tables): a service must log"
                            + " in as a role of its own");
                }
            }
        }
    }

    /** Whether {@code role} exists in the cluster. */
    public static boolean exists(Connection connection, String role) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
            query.setString(1, role);
            try (ResultSet row = query.executeQuery()) {
                return row.next();
            }
        }
    }

    /** Runs a statement that another session may have run first: already done is done. */
    private static void tolerant(Connection connection, String sql) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(sql);
                return;
            } catch (SQLException e) {
                String state = e.getSQLState();
                if (DUPLICATE_OBJECT.equals(state) || (UNIQUE_VIOLATION.equals(state) && sql.startsWith("CREATE"))) {
                    return;
                }
                boolean raced = UNIQUE_VIOLATION.equals(state) || CONCURRENT_UPDATE.equals(state);
                if (!raced || attempt == 3) {
                    throw e;
                }
            }
        }
    }

    static String identifier(String name) {
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("a login name must be lower-case letters, digits and _, got '" + name + "'");
        }
        return name;
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
