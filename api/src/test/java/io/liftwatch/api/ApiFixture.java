package io.liftwatch.api;

import com.zaxxer.hikari.HikariDataSource;
import io.liftwatch.common.config.DbConfig;
import io.liftwatch.common.db.Database;
import io.liftwatch.testing.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;

/** The API on a free port over a fresh database, and a plain HTTP client to call it. */
final class ApiFixture implements AutoCloseable {
    final DbConfig db = TestPostgres.freshDatabase();
    final Vertx vertx = Vertx.vertx();
    final ApiService api;
    final HikariDataSource pool;
    private final HttpClient http = HttpClient.newHttpClient();

    ApiFixture() throws Exception {
        this(1024 * 1024);
    }

    ApiFixture(int maxBody) throws Exception {
        this(maxBody, false);
    }

    /** @param access whether callers must present tokens (the access-control tests); off elsewhere */
    ApiFixture(int maxBody, boolean access) throws Exception {
        this(maxBody, access, io.liftwatch.api.audit.CheckpointConfig.off());
    }

    /** @param checkpoints where the API anchors the audit chain (off elsewhere) */
    ApiFixture(int maxBody, boolean access, io.liftwatch.api.audit.CheckpointConfig checkpoints) throws Exception {
        this(maxBody, access, config -> config.withCheckpoints(checkpoints));
    }

    /** @param tune changes to the test configuration (trusted proxies, checkpoints) */
    ApiFixture(int maxBody, boolean access, java.util.function.UnaryOperator<ApiConfig> tune) throws Exception {
        api = new ApiService(tune.apply(new ApiConfig(TestPostgres.asService(db, DbConfig.Service.API), "127.0.0.1", 0,
                ZoneId.of("Asia/Shanghai"), maxBody, access, "broker-secret-token")),
                io.liftwatch.common.ops.Observability.newRegistry());
        vertx.deployVerticle(api).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        pool = Database.pool(db, "api-test");
    }

    /** The API over a fresh database holding {@code registry}, loaded through the API itself. */
    static ApiFixture withRegistry(io.liftwatch.common.registry.Registry registry) throws Exception {
        ApiFixture fixture = new ApiFixture();
        Reply loaded = fixture.send("POST", "/api/v1/registry", "application/json",
                io.liftwatch.common.registry.RegistryJson.toJson(registry).encode());
        if (loaded.status() != 200) {
            fixture.close();
            throw new IllegalStateException("the registry did not load: " + loaded.body());
        }
        return fixture;
    }

    /** {@link #withRegistry} for a test class's field that {@code @AutoClose} closes. */
    static ApiFixture over(io.liftwatch.common.registry.Registry registry) {
        try {
            return withRegistry(registry);
        } catch (Exception e) {
            throw new IllegalStateException("the API did not start", e);
        }
    }

    record Reply(int status, String contentType, String body) {
        JsonObject json() {
            return new JsonObject(body);
        }
    }

    Reply get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    Reply send(String method, String path, String contentType, String body) throws Exception {
        return sendAs(null, method, path, contentType, body);
    }

    /** The same with {@code Authorization: Bearer token} (none when null). */
    Reply sendAs(String token, String method, String path, String contentType, String body) throws Exception {
        return sendVia(null, token, method, path, contentType, body);
    }

    /** The same as a reverse proxy would send it, naming the client in {@code X-Forwarded-For} (none when null). */
    Reply sendVia(String forwardedFor, String token, String method, String path, String contentType, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        if (forwardedFor != null) {
            request.header("x-forwarded-for", forwardedFor);
        }
        if (contentType != null) {
            request.header("content-type", contentType);
        }
        if (token != null) {
            request.header("authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    /** A JSON request with the headers given as name, value, name, value. */
    Reply sendWithHeaders(String method, String path, String body, String... namesAndValues) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .method(method, HttpRequest.BodyPublishers.ofString(body)).header("content-type", "application/json");
        for (int i = 0; i < namesAndValues.length; i += 2) {
            request.header(namesAndValues[i], namesAndValues[i + 1]);
        }
        return send(request.build());
    }

    private Reply send(HttpRequest request) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.headers().firstValue("content-type").orElse(""), response.body());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + api.port() + path);
    }

    void sql(String statementText) throws SQLException {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(statementText);
        }
    }

    long count(String query) throws SQLException {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
             java.sql.ResultSet row = statement.executeQuery(query)) {
            row.next();
            return row.getLong(1);
        }
    }

    @Override
    public void close() throws Exception {
        pool.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        TestPostgres.drop(db);
    }
}
