package io.liftwatch.api;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * CSV as people open it in a spreadsheet (RFC 4180, through Apache Commons CSV). Exports start with a
 * UTF-8 byte order mark, so Excel reads Chinese text right, and a cell that a spreadsheet would take as a
 * formula (starting with =, +, -, @, a tab or a carriage return) is written with a leading apostrophe;
 * plain numbers, negative ones included, are left as they are. Imports accept a byte order mark.
 */
public final class Csv {
    public static final char BYTE_ORDER_MARK = '\uFEFF';
    private static final Pattern NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator("\r\n").get();

    private Csv() {
    }

    public static List<List<String>> parse(String text) {
        return lines(text).stream().map(Line::cells).toList();
    }

    /** A record of a file and the line it starts on (1 for the first), blank lines and quoted line breaks counted. */
    public record Line(long number, List<String> cells) {
    }

    /** The file's records with their line numbers; blank lines are skipped. */
    public static List<Line> lines(String text) {
        String body = !text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK ? text.substring(1) : text;
        List<Line> rows = new ArrayList<>();
        long consumed = 0; // line breaks read before the current record
        try (CSVParser parser = CSVParser.parse(new StringReader(body), FORMAT)) {
            for (CSVRecord record : parser) {
                if (!(record.size() == 1 && record.get(0).isEmpty())) {
                    rows.add(new Line(consumed + 1, record.toList()));
                }
                consumed = parser.getCurrentLineNumber();
            }
        } catch (IOException | UncheckedIOException e) {
            // The parser's own message names its exception class and its internal position: say it plainly.
            throw Problem.badRequest("the CSV cannot be read from line " + (consumed + 1) + " on: a quoted cell must"
                    + " end with a quote right before a comma or the line's end, and a quote inside it is doubled (\"\")");
        }
        return rows;
    }

    public static String write(List<String> header, List<List<String>> rows) {
        StringBuilder out = new StringBuilder().append(BYTE_ORDER_MARK);
        try (CSVPrinter printer = new CSVPrinter(out, FORMAT)) {
            printer.printRecord(header.stream().map(Csv::safe).toList());
            for (List<String> row : rows) {
                printer.printRecord(row.stream().map(Csv::safe).toList());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing CSV to memory cannot fail", e);
        }
        return out.toString();
    }

    /** A cell as a spreadsheet will show it as text, never run it as a formula. */
    static String safe(String cell) {
        if (cell == null || cell.isEmpty()) {
            return "";
        }
        char first = cell.charAt(0);
        boolean formula = first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
        return formula && !NUMBER.matcher(cell).matches() ? "'" + cell : cell;
    }
}
