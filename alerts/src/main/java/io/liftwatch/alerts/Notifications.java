package io.liftwatch.alerts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Decides which alarm events go out and writes them to the outbox in the event's own transaction: to
 * every configured webhook and, when republishing is on, to the lift's MQTT alert topic. Storm control:
 * a repeat goes out only when the count reaches a power of two (2, 4, 8 …), so a flapping condition
 * sends a handful of notifications, not a stream; every other transition goes out.
 */
final class Notifications {
    private static final String ENQUEUE = """
            INSERT INTO notification (event_id, channel, target, payload) VALUES (?, ?, ?, ?)""";

    private final List<String> webhooks;
    private final String topicPrefix;

    /** @param topicPrefix e.g. {@code lw/alerts/v1}; null turns MQTT republishing off */
    Notifications(List<String> webhooks, String topicPrefix) {
        this.webhooks = List.copyOf(webhooks);
        this.topicPrefix = topicPrefix;
    }

    static Notifications none() {
        return new Notifications(List.of(), null);
    }

    /** Reads the row {@link AlarmEvents#RECORD} returns and queues its notifications. */
    void recorded(Connection connection, ResultSet event) throws SQLException {
        if (!event.next() || (webhooks.isEmpty() && topicPrefix == null)) {
            return;
        }
        int count = event.getInt("count");
        if (event.getString("kind").equals("repeated") && Integer.bitCount(count) != 1) {
            return;
        }
        long id = event.getLong("id");
        String json = event.getString("json");
        try (PreparedStatement insert = connection.prepareStatement(ENQUEUE)) {
            for (String url : webhooks) {
                add(insert, id, "webhook", url, json);
            }
            if (topicPrefix != null) {
                add(insert, id, "mqtt", topicPrefix + "/" + event.getString("lift_id"), json);
            }
            insert.executeBatch();
        }
    }

    private static void add(PreparedStatement insert, long id, String channel, String target, String json)
            throws SQLException {
        insert.setLong(1, id);
        insert.setString(2, channel);
        insert.setString(3, target);
        insert.setString(4, json);
        insert.addBatch();
    }
}
