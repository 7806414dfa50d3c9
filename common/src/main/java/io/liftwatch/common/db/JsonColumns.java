package io.liftwatch.common.db;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import org.postgresql.util.PGobject;

import java.sql.Array;
import java.sql.Date;
import java.sql.SQLException;
import java.sql.Timestamp;

/**
 * Database columns as JSON, one way everywhere: snake_case names become camelCase keys, timestamps
 * ISO-8601 instants, dates ISO dates, arrays JSON arrays, json columns JSON. The audit chain hashes
 * records in this form, so it must not change for the columns it chains.
 */
public final class JsonColumns {
    private JsonColumns() {
    }

    public static String camel(String column) {
        StringBuilder out = new StringBuilder(column.length());
        boolean upper = false;
        for (char c : column.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    public static Object value(Object value) throws SQLException {
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant().toString();
        }
        if (value instanceof Date date) {
            return date.toLocalDate().toString();
        }
        if (value instanceof Array array) {
            JsonArray items = new JsonArray();
            for (Object item : (Object[]) array.getArray()) {
                items.add(value(item));
            }
            return items;
        }
        if (value instanceof PGobject object && object.getValue() != null && object.getType().startsWith("json")) {
            return Json.decodeValue(object.getValue());
        }
        if (value instanceof Short s) {
            return s.intValue();
        }
        return value;
    }
}
