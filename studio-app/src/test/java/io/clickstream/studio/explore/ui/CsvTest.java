package io.clickstream.studio.explore.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {

    static ResultTable table(List<Object> row) {
        return new ResultTable("t", "t", List.of(ResultTable.Column.of("Name, with comma", ResultTable.Format.TEXT),
                ResultTable.Column.of("Users", ResultTable.Format.COUNT),
                ResultTable.Column.of("Rate", ResultTable.Format.PERCENT),
                ResultTable.Column.of("Day", ResultTable.Format.DATE)), List.of(row));
    }

    @Test
    void writes_rfc_4180_with_a_header_and_crlf_lines() {
        String csv = Csv.of(table(List.of("plain", 12L, 0.125, LocalDate.of(2026, 11, 3))));

        assertThat(csv).isEqualTo("\"Name, with comma\",Users,Rate,Day\r\nplain,12,0.125,2026-11-03\r\n");
    }

    @Test
    void quotes_fields_with_commas_quotes_and_line_breaks_doubling_quotes() {
        assertThat(Csv.field("a,b")).isEqualTo("\"a,b\"");
        assertThat(Csv.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(Csv.field("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(Csv.field("cr\rhere")).isEqualTo("\"cr\rhere\"");
        assertThat(Csv.field("no quoting needed")).isEqualTo("no quoting needed");
    }

    @Test
    void keeps_a_spreadsheet_from_running_text_as_a_formula() {
        assertThat(Csv.field("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(Csv.field("+1")).isEqualTo("'+1");
        assertThat(Csv.field("@sum")).isEqualTo("'@sum");
        assertThat(Csv.field(-3L)).isEqualTo("-3");
    }

    @Test
    void writes_numbers_plainly_and_missing_values_as_empty_fields() {
        assertThat(Csv.field(1.0E7)).isEqualTo("10000000");
        assertThat(Csv.field(0.0)).isEqualTo("0");
        assertThat(Csv.field(1234567L)).isEqualTo("1234567");
        assertThat(Csv.field(null)).isEmpty();
        assertThat(Csv.of(table(Arrays.asList(null, null, null, null)))).endsWith("\r\n,,,\r\n");
    }
}
