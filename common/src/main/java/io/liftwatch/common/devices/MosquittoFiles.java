package io.liftwatch.common.devices;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Writes Mosquitto's password and ACL files from the lifts' stored credentials and the given service
 * accounts. Each file is created owner-only (0600: the hashes are the lifts' and services' keys) beside
 * its final name and moved into place, so a broker reloading (SIGHUP) never reads half a file and nobody
 * else ever reads any of it.
 */
public final class MosquittoFiles {
    public static final String PASSWORDS = "liftwatch.passwd";
    public static final String ACL = "liftwatch.acl";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private MosquittoFiles() {
    }

    /** @return the number of lifts written */
    public static int write(DataSource dataSource, Path directory, List<BrokerAccess.Account> services)
            throws SQLException, IOException {
        List<BrokerAccess.Account> lifts;
        try (Connection connection = dataSource.getConnection()) {
            lifts = lifts(connection);
        }
        Files.createDirectories(directory);
        replace(directory.resolve(PASSWORDS), BrokerAccess.passwordFile(lifts, services));
        replace(directory.resolve(ACL), BrokerAccess.aclFile(services));
        return lifts.size();
    }

    /** Every lift that has credentials, with its stored hash, in registration-code order. */
    public static List<BrokerAccess.Account> lifts(Connection connection) throws SQLException {
        List<BrokerAccess.Account> lifts = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT lift_id, password_hash FROM device_credential ORDER BY lift_id")) {
            while (rows.next()) {
                lifts.add(new BrokerAccess.Account(rows.getString(1), rows.getString(2)));
            }
        }
        return lifts;
    }

    private static void replace(Path file, String content) throws IOException {
        Path next = file.resolveSibling(file.getFileName() + ".new");
        Files.deleteIfExists(next);
        Files.createFile(next, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        Files.setPosixFilePermissions(next, OWNER_ONLY); // whatever the umask took away or left
        Files.writeString(next, content);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
