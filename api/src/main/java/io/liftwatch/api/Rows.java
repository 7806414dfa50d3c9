package io.liftwatch.api;

import io.liftwatch.common.db.JsonColumns;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.List;

/**
 * Turns query rows into JSON: snake_case columns become camelCase keys, timestamps ISO-8601 instants,
 * arrays JSON arrays, json columns JSON. Queries name their columns as the API should show them.
 */
public final class Rows {
    private Rows() {
    }

    public static JsonArray query(Connection connection, String sql, List<?> parameters) throws SQLException {
        try (ResultSet rows = select(connection, sql, parameters.toArray())) {
            return toJson(rows);
        }
    }

    /**
     * Runs a query with its parameters bound in order (instants as UTC timestamps); closing the result set
     * closes its statement.
     */
    public static ResultSet select(Connection connection, String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        statement.closeOnCompletion();
        for (int i = 0; i < parameters.length; i++) {
            Object parameter = parameters[i];
            statement.setObject(i + 1, parameter instanceof java.time.Instant instant
                    ? instant.atOffset(java.time.ZoneOffset.UTC) : parameter);
        }
        return statement.executeQuery();
    }

    /** Runs an INSERT, UPDATE or DELETE; returns the rows it changed. */
    public static int update(Connection connection, String sql, List<?> parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            return statement.executeUpdate();
        }
    }

    public static JsonArray toJson(ResultSet rows) throws SQLException {
        ResultSetMetaData meta = rows.getMetaData();
        String[] keys = new String[meta.getColumnCount()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = JsonColumns.camel(meta.getColumnLabel(i + 1));
        }
        JsonArray result = new JsonArray();
        while (rows.next()) {
            JsonObject row = new JsonObject();
            for (int i = 0; i < keys.length; i++) {
                row.put(keys[i], JsonColumns.value(rows.getObject(i + 1)));
            }
            result.add(row);
        }
        return result;
    }
}
