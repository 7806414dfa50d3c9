package io.liftwatch.bench;

import org.postgresql.copy.CopyManager;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * Rows in PostgreSQL's COPY text format, written as bytes into one buffer that is reused: a year of a district is
 * some 170 million rows, and formatting them through {@code Instant.toString} and string concatenation took
 * more CPU than the models that produce them. Each value is followed by a tab; {@link #end()} turns the last
 * one into the row's newline. Between {@link #open()} and {@link #close()} the values are an array's elements, as
 * PostgreSQL's array literal writes them: separated by commas, text and times quoted, null as {@code NULL}.
 */
final class CopyText {
    private static final long DAY_MS = 86_400_000L;
    private byte[] bytes = new byte[1 << 16];
    private int size;
    private int rows;
    private long day = Long.MIN_VALUE;
    private byte[] date;
    private boolean inArray;

    /** Text as COPY reads it: backslash, tab and newline escaped; null as {@code \N}. An element is quoted. */
    CopyText text(String value) {
        if (value == null) {
            return nul();
        }
        if (inArray) {
            value = '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == '\\' || ch == '\t' || ch == '\n' || ch == '\r' || ch > 0x7f) {
                return escaped(value);
            }
        }
        ensure(value.length() + 1);
        for (int i = 0; i < value.length(); i++) {
            bytes[size++] = (byte) value.charAt(i); // ASCII, checked above
        }
        return tab();
    }

    private CopyText escaped(String value) {
        byte[] utf8 = value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
                .getBytes(StandardCharsets.UTF_8);
        ensure(utf8.length + 1);
        System.arraycopy(utf8, 0, bytes, size, utf8.length);
        size += utf8.length;
        return tab();
    }

    /** Any value by its {@code toString} (numbers, booleans, decimals), or {@code \N}. */
    CopyText value(Object value) {
        return value == null ? nul() : text(value.toString());
    }

    CopyText number(long value) {
        return digits(value, 0);
    }

    /** A decimal as its plain digits (BigDecimal's own formatting was a tenth of the loader's CPU). */
    CopyText decimal(BigDecimal value) {
        int scale = value.scale();
        if (scale < 0 || scale > 18 || value.unscaledValue().bitLength() > 62) {
            return text(value.toPlainString());
        }
        return digits(value.unscaledValue().longValue(), scale);
    }

    /** {@code value / 10^scale} in plain digits, at least one before the point. */
    private CopyText digits(long value, int scale) {
        ensure(42);
        if (value < 0) {
            bytes[size++] = '-';
            value = -value;
        }
        int start = size;
        int i = 0;
        do {
            if (i == scale && scale > 0) {
                bytes[size++] = '.';
            }
            bytes[size++] = (byte) ('0' + value % 10);
            value /= 10;
            i++;
        } while (value > 0 || i <= scale);
        reverse(start, size - 1);
        return tab();
    }

    /** Starts an array value: the values written until {@link #close()} are its elements. */
    CopyText open() {
        ensure(1);
        bytes[size++] = '{';
        inArray = true;
        return this;
    }

    /** Ends the array value that {@link #open()} started. */
    CopyText close() {
        inArray = false;
        if (bytes[size - 1] == ',') {
            size--;
        }
        ensure(2);
        bytes[size++] = '}';
        return tab();
    }

    CopyText bool(boolean value) {
        ensure(2);
        bytes[size++] = (byte) (value ? 't' : 'f');
        return tab();
    }

    /** An instant as {@code yyyy-mm-dd hh:mm:ss.mmm+00}; the date part is formatted once a day. */
    CopyText time(long epochMillis) {
        long d = Math.floorDiv(epochMillis, DAY_MS);
        if (d != day) {
            day = d;
            date = (LocalDate.ofEpochDay(d) + " ").getBytes(StandardCharsets.US_ASCII);
        }
        int ms = (int) Math.floorMod(epochMillis, DAY_MS);
        ensure(date.length + 18);
        if (inArray) {
            bytes[size++] = '"';
        }
        System.arraycopy(date, 0, bytes, size, date.length);
        size += date.length;
        two(ms / 3_600_000);
        bytes[size++] = ':';
        two(ms / 60_000 % 60);
        bytes[size++] = ':';
        two(ms / 1000 % 60);
        bytes[size++] = '.';
        int milli = ms % 1000;
        bytes[size++] = (byte) ('0' + milli / 100);
        two(milli % 100);
        bytes[size++] = '+';
        bytes[size++] = '0';
        bytes[size++] = '0';
        if (inArray) {
            bytes[size++] = '"';
        }
        return tab();
    }

    CopyText nul() {
        ensure(5);
        if (inArray) {
            bytes[size++] = 'N';
            bytes[size++] = 'U';
            bytes[size++] = 'L';
            bytes[size++] = 'L';
        } else {
            bytes[size++] = '\\';
            bytes[size++] = 'N';
        }
        return tab();
    }

    /** Ends the row. */
    void end() {
        bytes[size - 1] = '\n';
        rows++;
    }

    int rows() {
        return rows;
    }

    /** COPYs the rows into {@code sql}'s table and empties the buffer; the number of rows. */
    int copy(CopyManager api, String sql) throws SQLException {
        int copied = rows;
        if (rows > 0) {
            try {
                api.copyIn(sql, new ByteArrayInputStream(bytes, 0, size), 1 << 16);
            } catch (IOException e) {
                throw new SQLException("COPY failed: " + e.getMessage(), e);
            }
        }
        size = 0;
        rows = 0;
        return copied;
    }

    private CopyText tab() {
        ensure(1);
        bytes[size++] = inArray ? (byte) ',' : (byte) '\t';
        return this;
    }

    private void two(int value) {
        bytes[size++] = (byte) ('0' + value / 10);
        bytes[size++] = (byte) ('0' + value % 10);
    }

    private void reverse(int from, int to) {
        for (; from < to; from++, to--) {
            byte b = bytes[from];
            bytes[from] = bytes[to];
            bytes[to] = b;
        }
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
