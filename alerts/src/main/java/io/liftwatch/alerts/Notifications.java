package io.liftwatch.alerts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Decides which alarm events go out and writes them to the outbox in the event's own transaction: to
 * every configured webhook, when republishing is on to the lift's MQTT alert topic, and when a city
 * feed is configured, critical events and rescue milestones to the city's grid supervision in the
 * feed's own layout ({@link CityFeed}). Storm control:
 * a repeat goes out only when the count reaches a power of two (2, 4, 8 …), so a flapping condition
 * sends a handful of notifications, not a stream; every other transition goes out.
 */
final class Notifications {
    private static final String ENQUEUE = """
            INSERT INTO notification (event_id, channel, target, payload) VALUES (?, ?, ?, ?)""";

    private final List<String> webhooks;
    private final String topicPrefix;
    private final String cityFeed;

    /**
     * @param topicPrefix e.g. {@code lw/alerts/v1}; null turns MQTT republishing off
     * @param cityFeed    the city endpoint critical events and rescue milestones are posted to, or null
     */
    Notifications(List<String> webhooks, String topicPrefix, String cityFeed) {
        this.webhooks = List.copyOf(webhooks);
        this.topicPrefix = topicPrefix;
        this.cityFeed = cityFeed;
    }

    static Notifications none() {
        return new Notifications(List.of(), null, null);
    }

    /** Reads the row {@link AlarmEvents#RECORD} returns and queues its notifications. */
    void recorded(Connection connection, ResultSet event) throws SQLException {
        if (!event.next() || (webhooks.isEmpty() && topicPrefix == null && cityFeed == null)) {
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
            if (cityFeed != null) {
                String city = CityFeed.payload(connection, json);
                if (city != null) {
                    add(insert, id, "city", cityFeed, city);
                }
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
