package io.clickstream.studio.explore.ui;

import java.math.BigDecimal;
import java.util.List;

/**
 * RFC 4180 CSV of a {@link ResultTable}: a header line, CRLF line ends, a field quoted when it holds a comma, a quote
 * or a line break (quotes doubled). Numbers are written plainly (no grouping, no exponent). A text field that a
 * spreadsheet would run as a formula ({@code = + - @} or a tab or carriage return first) is prefixed with {@code '},
 * since event names and page titles come from anyone who can send events.
 */
final class Csv {

    private Csv() {
    }

    static String of(ResultTable table) {
        StringBuilder csv = new StringBuilder();
        line(csv, table.columns().stream().map(c -> (Object) c.header()).toList());
        for (List<Object> row : table.rows()) {
            line(csv, row);
        }
        return csv.toString();
    }

    private static void line(StringBuilder csv, List<Object> values) {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            csv.append(field(values.get(i)));
        }
        csv.append("\r\n");
    }

    static String field(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? "" : BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
        if (value instanceof Number || value instanceof java.time.LocalDate) {
            return value.toString();
        }
        String text = value.toString();
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
