package io.liftwatch.alerts;

import io.liftwatch.common.config.MqttConfig;
import io.liftwatch.common.db.Transactions;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import io.liftwatch.common.mqtt.MqttClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Delivers the notification outbox: webhooks and the city feed (POST of the JSON, signed with the target's
 * own secret: {@link PushSignature}) and MQTT republishing (QoS 1). A failed delivery is retried with exponential backoff
 * up to ten minutes between attempts, indefinitely; each row keeps its attempts, last error and
 * delivery time, which is the delivery log. Rows are claimed with SKIP LOCKED, so several alerts
 * instances may send side by side.
 */
final class NotificationSender {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationSender.class);
    private static final String DUE = """
            SELECT id, channel, target, payload, attempts FROM notification
            WHERE delivered_at IS NULL AND next_attempt_at <= now()
            ORDER BY id LIMIT 50 FOR UPDATE SKIP LOCKED""";
    private static final String DELIVERED = "UPDATE notification SET delivered_at = now(), attempts = attempts + 1 WHERE id = ?";
    private static final String FAILED = """
            UPDATE notification SET attempts = attempts + 1, last_error = ?,
                   next_attempt_at = now() + make_interval(secs => ?) WHERE id = ?""";
    private static final long MAX_BACKOFF_SECONDS = 600;

    private final DataSource dataSource;
    private final MqttConfig mqtt;
    private final String clientId;
    /** The secret of each push target, by channel and URL; the outbox holds no secrets. */
    private final Map<String, String> secrets = new HashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Thread thread = new Thread(this::loop, "liftwatch-notifications");
    private volatile boolean running = true;
    private Mqtt5BlockingClient publisher;

    NotificationSender(DataSource dataSource, MqttConfig mqtt, String clientId, List<PushTarget> webhooks,
                       PushTarget cityFeed) {
        this.dataSource = dataSource;
        this.mqtt = mqtt;
        this.clientId = clientId;
        for (PushTarget hook : webhooks) {
            secrets.put("webhook " + hook.url(), hook.secret());
        }
        if (cityFeed != null) {
            secrets.put("city " + cityFeed.url(), cityFeed.secret());
        }
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void stop() {
        running = false;
        thread.interrupt();
        if (publisher != null) {
            try {
                publisher.disconnect();
            } catch (RuntimeException e) {
                LOG.debug("notification publisher close: {}", e.getMessage());
            }
        }
    }

    private void loop() {
        while (running) {
            try {
                if (sendDue() == 0) {
                    Thread.sleep(200);
                }
            } catch (InterruptedException e) {
                return;
            } catch (SQLException | RuntimeException e) {
                LOG.warn("notification outbox unavailable: {}", e.getMessage());
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private int sendDue() throws SQLException, InterruptedException {
        return Transactions.inTransaction(dataSource, connection -> {
            int sent = 0;
            try (PreparedStatement due = connection.prepareStatement(DUE); ResultSet rows = due.executeQuery()) {
                while (rows.next()) {
                    long id = rows.getLong(1);
                    String error = deliver(id, rows.getString(2), rows.getString(3), rows.getString(4));
                    if (error == null) {
                        try (PreparedStatement done = connection.prepareStatement(DELIVERED)) {
                            done.setLong(1, id);
                            done.executeUpdate();
                        }
                    } else {
                        try (PreparedStatement failed = connection.prepareStatement(FAILED)) {
                            failed.setString(1, error);
                            failed.setLong(2, Math.min(MAX_BACKOFF_SECONDS, 1L << Math.min(rows.getInt(5), 20)));
                            failed.setLong(3, id);
                            failed.executeUpdate();
                        }
                    }
                    sent++;
                }
            }
            return sent;
        });
    }

    /** Null when delivered, otherwise what went wrong. */
    private String deliver(long id, String channel, String target, String payload) throws InterruptedException {
        try {
            if (channel.equals("webhook") || channel.equals("city")) {
                String secret = secrets.get(channel + " " + target);
                if (secret == null) {
                    // Queued before the target left the configuration: it is never sent unsigned.
                    return "no secret is configured for this " + channel + " target any more";
                }
                byte[] body = payload.getBytes(StandardCharsets.UTF_8);
                long now = System.currentTimeMillis() / 1000;
                HttpRequest request = HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofSeconds(5))
                        .header("content-type", "application/json")
                        .header(PushSignature.ID, Long.toString(id))
                        .header(PushSignature.TIMESTAMP, Long.toString(now))
                        .header(PushSignature.SIGNATURE, PushSignature.sign(secret, Long.toString(id), now, body))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                return status / 100 == 2 ? null : "HTTP " + status;
            }
            Mqtt5PublishResult result = publisher().publishWith().topic(target).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(payload.getBytes(StandardCharsets.UTF_8)).send();
            return result.getError().map(error -> "refused by the broker: " + error.getMessage()).orElse(null);
        } catch (java.io.IOException | RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    /** Connected on first use; a lost connection is opened again on the next delivery. */
    private Mqtt5BlockingClient publisher() {
        if (publisher == null || !publisher.getState().isConnected()) {
            if (publisher != null) {
                try {
                    publisher.disconnect();
                } catch (RuntimeException alreadyGone) {
                    LOG.debug("notification publisher: {}", alreadyGone.getMessage());
                }
            }
            publisher = MqttClients.builder(mqtt, clientId).buildBlocking();
            publisher.connectWith().cleanStart(true).keepAlive(MqttClients.KEEP_ALIVE_SECONDS)
                    .restrictions().maximumPacketSize(MqttClients.MAXIMUM_PACKET_SIZE).applyRestrictions().send();
        }
        return publisher;
    }
}
