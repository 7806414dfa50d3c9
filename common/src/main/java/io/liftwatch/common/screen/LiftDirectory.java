package io.liftwatch.common.screen;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The stream consumers' read-only view of the registry: which lifts exist and their floor labels. The whole registry
 * is reloaded every {@code refreshMillis} (edits to floor labels show up then); a lift registered since
 * is looked up by its key on its first message, and a lift that is not registered is remembered as
 * unknown for {@code refreshMillis}, so a stream from an unregistered lift costs one lookup per period.
 */
public final class LiftDirectory {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LiftDirectory.class);
    private static final String ALL = "SELECT id, floor_labels FROM lift";
    private static final String ONE = "SELECT floor_labels FROM lift WHERE id = ?";

    private final DataSource dataSource;
    private final LongSupplier clock;
    private final long refreshMillis;
    private final Map<String, Set<String>> floorsByLift = new ConcurrentHashMap<>();
    private final Map<String, Long> unknownSince = new ConcurrentHashMap<>();
    private volatile long loadedAt;

    public LiftDirectory(DataSource dataSource, LongSupplier clock, long refreshMillis) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.refreshMillis = refreshMillis;
    }

    /** The lift's floor labels, or null when the registry does not know it. */
    public Set<String> floorsOf(String liftId) {
        long now = clock.getAsLong();
        if (now - loadedAt >= refreshMillis) {
            try {
                reload();
            } catch (IllegalStateException e) {
                // Keep serving the lifts already known; the batch writer reports the database's state.
                LOG.warn("registry refresh failed, keeping {} known lifts: {}", floorsByLift.size(), e.getMessage());
            }
        }
        Set<String> floors = floorsByLift.get(liftId);
        if (floors != null) {
            return floors;
        }
        Long since = unknownSince.get(liftId);
        if (since != null && now - since < refreshMillis) {
            return null;
        }
        floors = lookUp(liftId);
        if (floors == null) {
            unknownSince.put(liftId, now);
        } else {
            floorsByLift.put(liftId, floors);
            unknownSince.remove(liftId);
        }
        return floors;
    }

    public synchronized void reload() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(ALL);
             ResultSet rows = statement.executeQuery()) {
            Map<String, Set<String>> loaded = new java.util.HashMap<>();
            while (rows.next()) {
                loaded.put(rows.getString(1), labels(rows.getArray(2)));
            }
            floorsByLift.keySet().retainAll(loaded.keySet());
            floorsByLift.putAll(loaded);
            unknownSince.clear();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the lift registry: " + e.getMessage(), e);
        } finally {
            loadedAt = clock.getAsLong();
        }
    }

    private Set<String> lookUp(String liftId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(ONE)) {
            statement.setString(1, liftId);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? labels(rows.getArray(1)) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the lift registry: " + e.getMessage(), e);
        }
    }

    private static Set<String> labels(Array array) throws SQLException {
        return Set.copyOf(List.of((String[]) array.getArray()));
    }

}
