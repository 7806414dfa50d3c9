package io.liftwatch.api;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvTest {

    @Test
    void exportsStartWithAByteOrderMarkAndKeepChineseText() {
        String csv = Csv.write(List.of("户号", "金额"), List.of(List.of("幸福里3栋1单元201", "12.50")));
        assertThat(csv.charAt(0)).isEqualTo(Csv.BYTE_ORDER_MARK);
        assertThat(Csv.parse(csv)).containsExactly(List.of("户号", "金额"), List.of("幸福里3栋1单元201", "12.50"));
    }

    @Test
    void cellsASpreadsheetWouldRunAsFormulasAreWrittenAsText() throws Exception {
        String csv = Csv.write(List.of("note"), List.of(List.of("=HYPERLINK(\"http://x\",\"pay\")"), List.of("+1+2"),
                List.of("@SUM(A1)"), List.of("-2+3"), List.of("\tcmd"), List.of("-12.50"), List.of("42")));
        List<String> cells;
        try (CSVParser parser = CSVParser.parse(new StringReader(csv.substring(1)), CSVFormat.RFC4180)) {
            cells = parser.getRecords().stream().skip(1).map(r -> r.get(0)).toList();
        }
        assertThat(cells).containsExactly("'=HYPERLINK(\"http://x\",\"pay\")", "'+1+2", "'@SUM(A1)", "'-2+3", "'\tcmd",
                "-12.50", "42");
    }

    @Test
    void importsAcceptAByteOrderMarkQuotesAndLineBreaksInCells() {
        List<List<String>> rows = Csv.parse("\uFEFFid,address\r\nsw-1,\"3 Elm Road, \"\"East\"\"\nGate 2\"\r\n\r\n");
        assertThat(rows).containsExactly(List.of("id", "address"), List.of("sw-1", "3 Elm Road, \"East\"\nGate 2"));
    }

    @Test
    void anUnterminatedQuoteIsRefusedAsBadInputNamingTheLineAndNoParserClass() {
        assertThatThrownBy(() -> Csv.parse("id,address\nsw-1,\"open")).isInstanceOfSatisfying(Problem.class,
                p -> assertThat(p.status()).isEqualTo(400));
        assertThatThrownBy(() -> Csv.parse("id,address\nsw-1,ok\nsw-2,\"a\"b\",c\n")).isInstanceOfSatisfying(Problem.class,
                p -> assertThat(p.getMessage()).contains("from line 3 on").doesNotContain("Exception")
                        .doesNotContain("java."));
    }

    @Test
    void emptyCellsSurviveARoundTrip() {
        String csv = Csv.write(List.of("a", "b", "c"), List.of(List.of("1", "", "3")));
        assertThat(Csv.parse(csv)).containsExactly(List.of("a", "b", "c"), List.of("1", "", "3"));
    }
}
