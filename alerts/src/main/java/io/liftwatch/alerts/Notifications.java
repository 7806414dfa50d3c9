package io.liftwatch.alerts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides which alarm events go out and where, written to the outbox in the event's own transaction: to
 * every configured webhook, when republishing is on to the lift's MQTT alert topic, and when a city
 * feed is configured, critical events and rescue milestones to the city's grid supervision in the
 * feed's own layout ({@link CityFeed}). Storm control:
 * a repeat goes out only when the count reaches a power of two (2, 4, 8 …), so a flapping condition
 * sends a handful of notifications, not a stream; every other transition goes out. Webhooks and the
 * MQTT topic are queued by the statement that records the event ({@link AlarmEvents}); the city's
 * message, which needs the lift's place, afterwards.
 */
final class Notifications {
    private static final String ENQUEUE = """
            INSERT INTO notification (event_id, channel, target, payload) VALUES (?, ?, ?, ?)""";

    private final String cityFeed;
    private final String[] channels;
    private final String[] targets;
    private final Boolean[] perLift;

    /**
     * @param topicPrefix e.g. {@code lw/alerts/v1}; null turns MQTT republishing off
     * @param cityFeed    the city endpoint critical events and rescue milestones are posted to, or null
     */
    Notifications(List<String> webhooks, String topicPrefix, String cityFeed) {
        this.cityFeed = cityFeed;
        List<String> channels = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        List<Boolean> perLift = new ArrayList<>();
        for (String url : webhooks) {
            channels.add("webhook");
            targets.add(url);
            perLift.add(false);
        }
        if (topicPrefix != null) {
            channels.add("mqtt");
            targets.add(topicPrefix);
            perLift.add(true); // the lift's own topic: prefix/liftId
        }
        this.channels = channels.toArray(String[]::new);
        this.targets = targets.toArray(String[]::new);
        this.perLift = perLift.toArray(Boolean[]::new);
    }

    static Notifications none() {
        return new Notifications(List.of(), null, null);
    }

    /**
     * Runs an {@link AlarmEvents} statement whose event parameters are bound: binds the outbox's (the
     * configured channels, targets and whether each is per lift), runs it, and queues the city's message for
     * the event it recorded. Returns that event, or null when the statement recorded none (a clear with no
     * open alarm).
     */
    AlarmEvents.Recorded record(Binder binder) throws SQLException {
        binder.array("text", channels).array("text", targets).array("bool", perLift);
        PreparedStatement statement = binder.statement();
        Connection connection = statement.getConnection();
        try (ResultSet event = statement.executeQuery()) {
            if (!event.next()) {
                return null;
            }
            if (cityFeed != null && event.getBoolean("notify")) {
                queueForCity(connection, event.getLong("id"), event.getString("json"));
            }
            return new AlarmEvents.Recorded(event.getLong("alarm_id"), event.getString("kind"));
        }
    }

    private void queueForCity(Connection connection, long eventId, String json) throws SQLException {
        String city = CityFeed.payload(connection, json);
        if (city != null) {
            try (PreparedStatement insert = connection.prepareStatement(ENQUEUE)) {
                insert.setLong(1, eventId);
                insert.setString(2, "city");
                insert.setString(3, cityFeed);
                insert.setString(4, city);
                insert.executeUpdate();
            }
        }
    }
}
