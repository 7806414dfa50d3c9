package io.liftwatch.api;

import io.liftwatch.testing.IntegrationTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** A query string that does not decode is the caller's mistake: a 400 that says so, whichever route it reaches. */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedQueryTest {
    @AutoClose
    private final ApiFixture api = new ApiFixture();

    MalformedQueryTest() throws Exception {
    }

    /** Sent by hand: Java's HTTP client refuses to send a malformed escape, as a careless client would not. */
    private String send(String pathAndQuery) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", api.api.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aStrayOrMalformedEscapeIsABadRequestOnRoutesThatReadTheirQuery() throws Exception {
        for (String path : new String[]{"/api/v1/grid?level=street&from=%zz", "/api/v1/lifts?q=%",
                "/api/v1/reports/monthly?month=2025-06%2"}) {
            String response = send(path);
            assertThat(response).as(path).startsWith("HTTP/1.1 400");
            JsonObject problem = new JsonObject(response.substring(response.indexOf("\r\n\r\n") + 4));
            assertThat(problem.getString("detail")).as(path).contains("query string does not decode");
        }
    }

    @Test
    void anEscapedPercentIsAnOrdinaryCharacter() throws Exception {
        assertThat(send("/api/v1/lifts?q=100%25")).startsWith("HTTP/1.1 200");
    }
}
