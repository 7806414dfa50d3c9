package io.liftwatch.common.ops;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A Mosquitto process started with the project's own configuration ({@code deploy/mosquitto/}) on a
 * free loopback port, persisting into a temporary folder, for tests and benchmarks: Debian's default
 * broker drops messages past 1,000 per queued session, which would make loss-freedom claims prove
 * nothing. It can be restarted with its sessions kept.
 */
public final class LocalMosquitto implements AutoCloseable {
    private final Path directory;
    private final Path config;
    private final int port;
    private Process process;

    private LocalMosquitto(Path directory, int port, String access) throws IOException {
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
            throw new IllegalStateException("No mosquitto binary (looked in /usr/sbin, /usr/local/sbin, /usr/bin). "
                    + "Install it ('apt-get install mosquitto'): a broker is started with "
                    + "deploy/mosquitto/mosquitto.conf.");
        }
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
            LocalMosquitto broker = new LocalMosquitto(dir, ServiceProcess.freePort(), access);
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
        process = new ProcessBuilder(mosquittoBinary(), "-c", config.toString())
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

    private static String mosquittoBinary() {
        for (String candidate : new String[]{"/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto", "/usr/bin/mosquitto"}) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return null;
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
