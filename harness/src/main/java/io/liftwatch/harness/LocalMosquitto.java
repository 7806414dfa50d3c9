package io.liftwatch.harness;

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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

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
    /** What {@link #start()} leaves out of the shipped configuration: its listeners and who may connect. */
    private static final Pattern ACCESS_LINES = Pattern.compile("(?m)^(listener|cafile|certfile|keyfile|tls_version"
            + "|require_certificate|use_identity_as_username|use_username_as_clientid|allow_anonymous|password_file|acl_file)( .*)?$");
    /** The shipped listeners that only exist with TLS: lifts with certificates, services from other hosts. */
    private static final Pattern TLS_ONLY_LISTENERS = Pattern.compile("(?m)^listener (8884|8885)\\b[^\\n]*\\n(?:[^\\n#]+\\n)*");
    private static final Pattern TLS_LINES = Pattern.compile(
            "(?m)^(cafile|certfile|keyfile|tls_version|require_certificate|use_identity_as_username) .*$");

    private final String binary;
    private final Path directory;
    private final Path config;
    private final int port;
    private final Ports ports;
    private final boolean tls;
    private Process process;

    /** The loopback ports of the shipped configuration's other listeners, -1 where a broker has none. */
    private record Ports(int device, int deviceCertificate, int serviceTls) {
        static final Ports NONE = new Ports(-1, -1, -1);
    }

    private LocalMosquitto(String binary, Path directory, int port, Ports ports, boolean tls, String config)
            throws IOException {
        this.binary = binary;
        this.directory = directory;
        this.port = port;
        this.ports = ports;
        this.tls = tls;
        this.config = directory.resolve("mosquitto.conf");
        Files.writeString(this.config, config);
    }

    /**
     * Starts a broker with the shipped configuration's limits and persistence on one loopback listener
     * that admits anyone, for tests and benchmarks that are not about access; or fails saying what is
     * missing.
     */
    public static LocalMosquitto start() {
        return start(null, null);
    }

    /**
     * The shipped configuration whole, access included: its service listener and its device listener
     * (without TLS) on loopback ports, with the password and ACL files that {@code liftwatch devices
     * mosquitto} wrote into {@code accessFiles}.
     */
    public static LocalMosquitto startSecured(Path accessFiles) {
        return start(accessFiles, null);
    }

    /**
     * The shipped configuration whole, TLS included: the plain service listener, the device listeners with
     * password and with client certificate, and the services' TLS listener, all on loopback ports, with the
     * access files and {@code certificates} holding ca.crt, server.crt and server.key.
     */
    public static LocalMosquitto startWithTls(Path accessFiles, Path certificates) {
        return start(accessFiles, certificates);
    }

    private static LocalMosquitto start(Path accessFiles, Path certificates) {
        String binary = mosquittoBinary();
        if (binary == null) {
            throw new IllegalStateException("No mosquitto binary (looked at $LIFTWATCH_MOSQUITTO_BINARY, "
                    + fetchedBinary() + ", /usr/sbin, /usr/local/sbin, /usr/bin). Install it ('apt-get install"
                    + " mosquitto', then deploy/mosquitto/fetch-broker.sh on Debian 12): a broker is started with"
                    + " deploy/mosquitto/mosquitto.conf.");
        }
        requireHonouredReceiveMaximum(binary);
        try {
            Path dir = ServiceUserDirs.create("lw-broker");
            // Mosquitto started as root drops to the 'mosquitto' user, which must be able to write here.
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
            int port = ServiceProcess.freePort();
            Ports ports = accessFiles == null ? Ports.NONE : new Ports(ServiceProcess.freePort(),
                    certificates == null ? -1 : ServiceProcess.freePort(), certificates == null ? -1 : ServiceProcess.freePort());
            String shipped = Files.readString(projectFile("deploy/mosquitto/mosquitto.conf"))
                    .replaceAll("(?m)^persistence_location .*$", "persistence_location " + dir + "/");
            String config = accessFiles == null ? open(shipped, port) : certificates == null
                    ? secured(shipped, port, ports, copyForBroker(accessFiles, dir))
                    : withTls(shipped, port, ports, copyForBroker(accessFiles, dir), copyForBroker(certificates, dir));
            LocalMosquitto broker = new LocalMosquitto(binary, dir, port, ports, certificates != null, config);
            broker.launch();
            return broker;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start mosquitto: " + e.getMessage(), e);
        }
    }

    /** The shipped configuration without its access lines and listeners, and one listener open to all. */
    private static String open(String shipped, int port) {
        return ACCESS_LINES.matcher(shipped).replaceAll("")
                + "\nlistener " + port + " 127.0.0.1\nallow_anonymous true\n";
    }

    /** The shipped configuration with its listeners moved to loopback ports, TLS left out, and these files. */
    private static String secured(String shipped, int servicePort, Ports ports, Path files) {
        String plain = TLS_LINES.matcher(TLS_ONLY_LISTENERS.matcher(shipped).replaceAll("")).replaceAll("");
        return plain
                .replaceAll("(?m)^listener 1883 .*$", "listener " + servicePort + " 127.0.0.1")
                .replaceAll("(?m)^listener 8883.*$", "listener " + ports.device() + " 127.0.0.1")
                .replace("/etc/mosquitto/liftwatch/", files + "/");
    }

    /** The shipped configuration with every listener on a loopback port, TLS kept, and these files. */
    private static String withTls(String shipped, int servicePort, Ports ports, Path files, Path certificates) {
        return shipped
                .replaceAll("(?m)^listener 1883 .*$", "listener " + servicePort + " 127.0.0.1")
                .replaceAll("(?m)^listener 8883.*$", "listener " + ports.device() + " 127.0.0.1")
                .replaceAll("(?m)^listener 8884.*$", "listener " + ports.deviceCertificate() + " 127.0.0.1")
                .replaceAll("(?m)^listener 8885.*$", "listener " + ports.serviceTls() + " 127.0.0.1")
                .replace("/etc/mosquitto/liftwatch/", files + "/")
                .replace("/etc/mosquitto/certs/", certificates + "/");
    }

    /**
     * Copies of the generated files where the broker's own user can read them: as root, Mosquitto drops to
     * the 'mosquitto' user, so the copies are handed to it, owner-only as generated, as a deployment does.
     * Where that user is missing (Mosquitto then falls back to 'nobody') they stay readable to all: they are
     * a test's throw-away copies.
     */
    private static Path copyForBroker(Path accessFiles, Path dir) throws IOException {
        Path files = Files.createDirectories(dir.resolve(accessFiles.getFileName().toString()));
        List<Path> names;
        try (Stream<Path> listed = Files.list(accessFiles)) {
            names = listed.filter(Files::isRegularFile).toList();
        }
        for (Path name : names) {
            Path copy = Files.copy(name, files.resolve(name.getFileName()));
            String mode = "rw-------";
            try {
                Files.setOwner(copy, copy.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("mosquitto"));
            } catch (IOException | UnsupportedOperationException noSuchUserOrNotRoot) {
                mode = "rw-r--r--";
            }
            Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString(mode));
        }
        return files;
    }

    /** The service listener (the only one of a broker from {@link #start()}). */
    public String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    /** The device listener of a secured broker (password; TLS from {@link #startWithTls}): client id = user name. */
    public String deviceUri() {
        return (tls ? "ssl://localhost:" : "tcp://127.0.0.1:") + listening(ports.device());
    }

    /** The listener of {@link #startWithTls} for lifts with a client certificate, whose CN becomes the user name. */
    public String deviceCertificateUri() {
        return "ssl://localhost:" + listening(ports.deviceCertificate());
    }

    /** The listener of {@link #startWithTls} for services on other hosts: client certificate and password. */
    public String serviceTlsUri() {
        return "ssl://localhost:" + listening(ports.serviceTls());
    }

    private static int listening(int port) {
        if (port < 0) {
            throw new IllegalStateException("this broker has no such listener: start it secured, or with TLS");
        }
        return port;
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

    /** Stops the broker and deletes its folder (configuration, persistence, log). */
    @Override
    public void close() {
        stopProcess(true);
        ServiceUserDirs.delete(directory);
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
