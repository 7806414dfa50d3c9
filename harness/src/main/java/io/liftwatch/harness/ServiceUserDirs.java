package io.liftwatch.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Folders for servers that drop root for a user of their own (Mosquitto to 'mosquitto', PostgreSQL run as
 * 'postgres'). Such a user must be able to reach the folder, which it cannot below a checkout whose parent
 * is private to root (a `mktemp -d`): run as root, the folder is made under /tmp instead of the tests' own
 * temporary folder. Whoever makes one deletes it.
 */
public final class ServiceUserDirs {
    private static final Path SHARED_TMP = Path.of("/tmp");

    private ServiceUserDirs() {
    }

    public static Path create(String prefix) throws IOException {
        return "root".equals(System.getProperty("user.name")) && Files.isDirectory(SHARED_TMP)
                ? Files.createTempDirectory(SHARED_TMP, prefix) : Files.createTempDirectory(prefix);
    }

    /** Deletes a folder made by {@link #create} with everything in it; one already gone is no error. */
    public static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // already gone
        }
    }
}
