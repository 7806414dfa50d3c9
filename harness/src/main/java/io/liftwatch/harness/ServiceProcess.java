package io.liftwatch.harness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.DoubleStream;

/**
 * A service in a JVM of its own, as it is deployed: for crash tests (killed with SIGKILL, not stopped)
 * and for benchmarks that must measure a service's latency, heap and CPU apart from the load generator's
 * (whose collector pauses and allocations would otherwise count against the service).
 */
public final class ServiceProcess implements AutoCloseable {
    private final Process process;
    private final int opsPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private ServiceProcess(Process process, int opsPort) {
        this.process = process;
        this.opsPort = opsPort;
    }

    /**
     * Starts {@code main} with this JVM's class path and the given environment, and waits until it
     * reports ready on {@code opsPort} (where it serves {@code /health/ready} and {@code /metrics}).
     */
    public static ServiceProcess start(Class<?> main, int opsPort, Map<String, String> env, List<String> jvmOptions,
                                       Path log) throws IOException {
        return start(main, List.of(), opsPort, env, jvmOptions, log);
    }

    /** The same, passing {@code args} to {@code main}. */
    public static ServiceProcess start(Class<?> main, List<String> args, int opsPort, Map<String, String> env,
                                       List<String> jvmOptions, Path log) throws IOException {
        List<String> command = javaCommand(main, jvmOptions);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        ServiceProcess service = new ServiceProcess(builder.start(), opsPort);
        try {
            service.awaitReady(main.getSimpleName(), Duration.ofSeconds(60));
        } catch (IOException e) {
            service.process.destroyForcibly();
            throw e;
        }
        return service;
    }

    /**
     * The command that runs {@code main} in a new JVM with this JVM's class path and temporary folder (so
     * a test's children leave their Vert.x caches where the test's build cleans up); arguments may follow.
     */
    public static List<String> javaCommand(Class<?> main, List<String> jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        return command;
    }

    private void awaitReady(String name, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(name + " exited with " + process.exitValue() + " before it was ready");
            }
            if (get("/health/ready") == 200) {
                return;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + name, e);
            }
        }
        throw new IOException(name + " was not ready within " + timeout);
    }

    private int get(String path) {
        try {
            return http.send(request(path), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * The Prometheus text of the service's meters: all of them, or the named families alone (counters with
     * {@code _total}), which is cheap enough to poll every few milliseconds.
     */
    public String metrics(String... families) throws IOException, InterruptedException {
        StringBuilder query = new StringBuilder("/metrics");
        for (int i = 0; i < families.length; i++) {
            query.append(i == 0 ? '?' : '&').append("name%5B%5D=").append(families[i]);
        }
        return http.send(request(query.toString()), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The sum of every sample in a Prometheus text whose line starts with {@code prefix} (name and labels). */
    public static double sum(String metrics, String prefix) {
        return samples(metrics, prefix).sum();
    }

    /** The largest such sample, or 0 when there is none. */
    public static double max(String metrics, String prefix) {
        return samples(metrics, prefix).max().orElse(0);
    }

    private static DoubleStream samples(String metrics, String prefix) {
        return metrics.lines().filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + opsPort + path)).timeout(Duration.ofSeconds(5)).build();
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed, nothing more is acknowledged. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            kill();
        }
    }

    /** Processor time the process has used so far, in nanoseconds; -1 where /proc cannot tell. */
    public long cpuNanos() {
        return ProcessCpu.nanos(pid());
    }

    /** Processor time the service's JIT compiler threads have used so far, in nanoseconds; -1 where unknown. */
    public long compilerNanos() {
        return ProcessCpu.compilerNanos(pid());
    }

    /** A loopback port nothing listens on now, for a service started next. */
    public static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
