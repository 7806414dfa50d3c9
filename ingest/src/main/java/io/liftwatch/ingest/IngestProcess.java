package io.liftwatch.ingest;

import io.liftwatch.common.ops.ProcessCpu;

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

/**
 * Ingest in a JVM of its own, for crash tests (killed with SIGKILL, not stopped) and for benchmarks
 * that must measure ingest's heap and CPU apart from the load generator's.
 */
public final class IngestProcess implements AutoCloseable {
    private final Process process;
    private final int opsPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private IngestProcess(Process process, int opsPort) {
        this.process = process;
        this.opsPort = opsPort;
    }

    /**
     * Starts {@link IngestMain} with this JVM's class path and the given environment, and waits until
     * it reports ready.
     */
    public static IngestProcess start(Map<String, String> env, List<String> jvmOptions, Path log) throws IOException {
        int opsPort = Integer.parseInt(env.getOrDefault("LIFTWATCH_INGEST_OPS_PORT", "8081"));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(IngestMain.class.getName());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        IngestProcess ingest = new IngestProcess(builder.start(), opsPort);
        ingest.awaitReady(Duration.ofSeconds(60));
        return ingest;
    }

    private void awaitReady(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("ingest exited with " + process.exitValue() + " before it was ready");
            }
            if (get("/health/ready") == 200) {
                return;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for ingest", e);
            }
        }
        throw new IOException("ingest was not ready within " + timeout);
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

    /** The Prometheus text of ingest's meters. */
    public String metrics() throws IOException, InterruptedException {
        return http.send(request("/metrics"), HttpResponse.BodyHandlers.ofString()).body();
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

}
