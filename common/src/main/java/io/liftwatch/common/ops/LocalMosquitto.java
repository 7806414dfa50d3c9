package io.liftwatch.common.ops;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Mosquitto process started with the project's own configuration ({@code deploy/mosquitto/}) on a
 * free loopback port, persisting into a temporary folder, for tests and benchmarks: Debian's default
 * broker drops messages past 1,000 per queued session, which would make loss-freedom claims prove
 * nothing. It can be restarted with its sessions kept. It must be a Mosquitto that honours a subscriber's
 * Receive Maximum (2.0.13 or later; see {@code deploy/mosquitto/fetch-broker.sh}).
 */
public final class LocalMosquitto implements AutoCloseable {
    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)");
    private static final Map<String, String> VERSIONS = new ConcurrentHashMap<>();

    private final String binary;
    private final Path directory;
    private final Path config;
    private final int port;
    private Process process;

    private LocalMosquitto(String binary, Path directory, int port, String access) throws IOException {
        this.binary = binary;
        this.directory = directory;
        this.port = port;
        this.config = directory.resolve("mosquitto.conf");
        String shipped = Files.readString(projectFile("deploy/mosquitto/mosquitto.conf"));
        String adapted = shipped
                .replaceAll("(?m)^listener .*$", "listener " + port + " 127.0.0.1")
                .replaceAll("(?m)^persistence_location .*$", "persistence_location " + directory + "/")
                .replaceAll("(?m)^allow_anonymous .*$", access);
        Files.writeString(config, adapted);
    }

    /** Starts a broker with the shipped configuration, or fails saying what is missing. */
    public static LocalMosquitto start() {
        return start("allow_anonymous true");
    }

    /**
     * The same, accepting only the users of {@code passwordFile} and applying {@code aclFile}, as a
     * deployment with per-lift credentials does.
     */
    public static LocalMosquitto startSecured(Path passwordFile, Path aclFile) {
        return start("allow_anonymous false", passwordFile, aclFile);
    }

    private static LocalMosquitto start(String access, Path... accessFiles) {
        String binary = mosquittoBinary();
        if (binary == null) {
            throw new IllegalStateException("No mosquitto binary (looked at $LIFTWATCH_MOSQUITTO_BINARY, "
                    + fetchedBinary() + ", /usr/sbin, /usr/local/sbin, /usr/bin). Install it ('apt-get install"
                    + " mosquitto', then deploy/mosquitto/fetch-broker.sh on Debian 12): a broker is started with"
                    + " deploy/mosquitto/mosquitto.conf.");
        }
        requireHonouredReceiveMaximum(binary);
        try {
            Path dir = Files.createTempDirectory("lw-broker");
            // Mosquitto started as root drops to the 'mosquitto' user, which must be able to write here.
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
            // The broker reads its password and ACL files as that user too: copies of them live here.
            if (accessFiles.length == 2) {
                Path passwords = Files.copy(accessFiles[0], dir.resolve("passwords"));
                Path acl = Files.copy(accessFiles[1], dir.resolve("acl"));
                for (Path file : new Path[]{passwords, acl}) {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
                }
                access = access + "\npassword_file " + passwords + "\nacl_file " + acl;
            }
            LocalMosquitto broker = new LocalMosquitto(binary, dir, ServiceProcess.freePort(), access);
            broker.launch();
            return broker;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start mosquitto: " + e.getMessage(), e);
        }
    }

    public String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    public io.liftwatch.common.config.MqttConfig config() {
        return new io.liftwatch.common.config.MqttConfig(uri(), null, null);
    }

    public int port() {
        return port;
    }

    /** The broker's process id, e.g. to read its CPU time. */
    public long pid() {
        return process.pid();
    }

    private void launch() throws IOException {
        process = new ProcessBuilder(binary, "-c", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("mosquitto.log").toFile())
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("mosquitto exited at start: " + Files.readString(directory.resolve("mosquitto.log")));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.onSpinWait();
            }
        }
        throw new IOException("mosquitto did not listen on port " + port + " within 10 s");
    }

    /** Stops gracefully (saving sessions to disk) and starts again on the same port. */
    public void restart() {
        stopProcess(false);
        try {
            launch();
        } catch (IOException e) {
            throw new IllegalStateException("mosquitto did not restart: " + e.getMessage(), e);
        }
    }

    private void stopProcess(boolean force) {
        if (process == null) {
            return;
        }
        if (force) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stopProcess(true);
    }

    /** The binary named by the environment, else the one fetch-broker.sh unpacked, else the system's. */
    private static String mosquittoBinary() {
        String chosen = System.getenv("LIFTWATCH_MOSQUITTO_BINARY");
        if (chosen != null && !chosen.isBlank()) {
            return chosen;
        }
        for (Path candidate : new Path[]{fetchedBinary(), Path.of("/usr/sbin/mosquitto"),
                Path.of("/usr/local/sbin/mosquitto"), Path.of("/usr/bin/mosquitto")}) {
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

    /** Where deploy/mosquitto/fetch-broker.sh puts its broker. */
    private static Path fetchedBinary() {
        String home = System.getenv("LIFTWATCH_MOSQUITTO_HOME");
        return home != null && !home.isBlank() ? Path.of(home, "mosquitto")
                : Path.of(System.getProperty("user.home"), ".cache", "liftwatch", "mosquitto", "mosquitto");
    }

    /**
     * Refuses Mosquitto before 2.0.13. Once a subscriber's Receive Maximum has been reached and messages
     * queued for it, 2.0.11 (Debian 12's) moves up to a whole window from the queue into flight on each
     * acknowledgement of an early message: the window, which is the consumers' backpressure, stops
     * bounding anything, and under load the broker kept acknowledged messages in memory as still in flight
     * (hundreds of thousands in a minute). Benchmarks on it measure a broker that ignores flow control, and
     * tests of backpressure would pass or fail by accident.
     */
    private static void requireHonouredReceiveMaximum(String binary) {
        String version = versionOf(binary);
        if (!honoursReceiveMaximum(version)) {
            throw new IllegalStateException(binary + " is '" + version + "'; before 2.0.13 Mosquitto stops honouring"
                    + " a subscriber's Receive Maximum once it has queued for it. Run"
                    + " deploy/mosquitto/fetch-broker.sh (Mosquitto 2.0.21 from bookworm-backports, into "
                    + fetchedBinary().getParent() + "), or point LIFTWATCH_MOSQUITTO_BINARY at a newer broker.");
        }
    }

    /** Whether a {@code mosquitto -h} version line names 2.0.13 or later. */
    static boolean honoursReceiveMaximum(String versionLine) {
        Matcher numbers = VERSION.matcher(versionLine);
        if (!numbers.find()) {
            return false;
        }
        int major = Integer.parseInt(numbers.group(1));
        int minor = Integer.parseInt(numbers.group(2));
        int patch = Integer.parseInt(numbers.group(3));
        return major > 2 || (major == 2 && (minor > 0 || patch >= 13));
    }

    /** The first line of {@code mosquitto -h}, e.g. "mosquitto version 2.0.21". */
    private static String versionOf(String binary) {
        return VERSIONS.computeIfAbsent(binary, path -> {
            try {
                Process help = new ProcessBuilder(path, "-h").redirectErrorStream(true).start();
                String first;
                try (var lines = new BufferedReader(new InputStreamReader(help.getInputStream()))) {
                    first = lines.readLine();
                    lines.transferTo(Writer.nullWriter());
                }
                help.waitFor(10, TimeUnit.SECONDS);
                return first == null ? "" : first.trim();
            } catch (IOException e) {
                throw new IllegalStateException("cannot run " + path + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while asking " + path + " for its version", e);
            }
        });
    }

    /** The broker's version line, for benchmarks to print beside their figures. */
    public String version() {
        return versionOf(binary);
    }

    /** A file of the project, found from the working directory or one above it. */
    public static Path projectFile(String relative) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve(relative);
            if (Files.exists(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException(relative + " not found above " + Path.of("").toAbsolutePath());
    }
}
