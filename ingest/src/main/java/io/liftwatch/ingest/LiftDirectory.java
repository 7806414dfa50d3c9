package io.liftwatch.ingest;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Ingest's read-only view of the registry: which lifts exist and their floor labels. A lift registered
 * after start-up is found by reloading on a miss, at most once per {@code minReloadMillis}, so a storm
 * of messages from an unknown lift cannot hammer the database.
 */
public final class LiftDirectory {
    private final DataSource dataSource;
    private final LongSupplier clock;
    private final long minReloadMillis;
    private volatile Map<String, Set<String>> floorsByLift = Map.of();
    private volatile long loadedAt = Long.MIN_VALUE / 2;

    public LiftDirectory(DataSource dataSource, LongSupplier clock, long minReloadMillis) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.minReloadMillis = minReloadMillis;
    }

    /** The lift's floor labels, or null when the registry does not know it. */
    public Set<String> floorsOf(String liftId) {
        Set<String> floors = floorsByLift.get(liftId);
        if (floors == null && clock.getAsLong() - loadedAt >= minReloadMillis) {
            reload();
            floors = floorsByLift.get(liftId);
        }
        return floors;
    }

    public synchronized void reload() {
        Map<String, Set<String>> loaded = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id, floor_labels FROM lift")) {
            while (rows.next()) {
                Array labels = rows.getArray(2);
                loaded.put(rows.getString(1), Set.copyOf(List.of((String[]) labels.getArray())));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the lift registry: " + e.getMessage(), e);
        } finally {
            loadedAt = clock.getAsLong();
        }
        floorsByLift = Map.copyOf(loaded);
    }

    public int size() {
        return floorsByLift.size();
    }
}
