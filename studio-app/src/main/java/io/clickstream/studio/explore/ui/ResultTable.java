package io.clickstream.studio.explore.ui;

import java.util.List;

/**
 * A result as rows and typed columns: what a results grid shows and its CSV download holds (raw values, formatted
 * only on screen). Values are {@code String}, {@code Long}, {@code Double}, {@code LocalDate} or null.
 *
 * @param title    the grid's heading
 * @param fileName the download's name without extension
 */
record ResultTable(String title, String fileName, List<Column> columns, List<List<Object>> rows) {

    ResultTable {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    /** How a column's values read on screen. */
    enum Format {
        TEXT, DATE, COUNT, NUMBER, PERCENT, SECONDS,
        /** a count shown as its share of the row's {@code base} column, on a colour scale (retention) */
        HEAT
    }

    /** A column; {@code base} is the index of the column a {@link Format#HEAT} cell is a share of. */
    record Column(String header, Format format, Integer base) {

        static Column of(String header, Format format) {
            return new Column(header, format, null);
        }
    }
}
