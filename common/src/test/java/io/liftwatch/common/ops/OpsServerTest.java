package io.liftwatch.common.ops;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class OpsServerTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private Vertx vertx;
    private int port;

    @BeforeEach
    void start() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.counter("liftwatch_test_received").increment(3);
        registry.gauge("liftwatch_test_inflight", 7);
        Timer.builder("liftwatch_test_latency").publishPercentileHistogram().register(registry)
                .record(Duration.ofMillis(12));
        vertx = Vertx.vertx();
        HttpServer server = new OpsServer(vertx, registry, () -> Future.succeededFuture(new JsonObject()))
                .listen("127.0.0.1", 0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        port = server.actualPort();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private HttpResponse<String> send(String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String get(String pathAndQuery) throws Exception {
        HttpResponse<String> response = send(pathAndQuery);
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    @Test
    void metricsWithoutNamesAreTheWholeRegistry() throws Exception {
        assertThat(get("/metrics")).contains("liftwatch_test_received_total 3.0", "liftwatch_test_inflight 7.0",
                "liftwatch_test_latency_seconds_bucket");
    }

    @Test
    void namedFamiliesAloneAreScrapedAsExposed() throws Exception {
        String body = get("/metrics?name[]=liftwatch_test_received_total&name[]=liftwatch_test_inflight");
        assertThat(body).contains("liftwatch_test_received_total 3.0", "liftwatch_test_inflight 7.0")
                .doesNotContain("liftwatch_test_latency");
        assertThat(get("/metrics?name%5B%5D=liftwatch_test_inflight")).contains("liftwatch_test_inflight 7.0")
                .doesNotContain("liftwatch_test_received");
        assertThat(get("/metrics?name[]=liftwatch_test_received")).as("a counter by its family's name")
                .contains("liftwatch_test_received_total 3.0").doesNotContain("liftwatch_test_inflight");
        assertThat(get("/metrics?name[]=no_such_family&name[]=")).as("names of nothing").isEmpty();
    }

    @Test
    void aQueryThatDoesNotDecodeIsABadRequest() throws Exception {
        // Written by hand: Java's URI refuses to send a malformed escape, as a careless client would not.
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /metrics?name[]=%zz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 400").contains("does not decode");
        }
    }
}
