package io.clickstream.studio.explore.ui;

import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AttachmentType;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import io.clickstream.studio.base.ui.chart.ChartOptions;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A result's rows in a grid (sortable, numbers right-aligned and formatted) with a download of the same rows as
 * CSV. Retention shares ({@link ResultTable.Format#HEAT}) are coloured by how large they are.
 */
final class ResultGrid extends Div {

    static final int ALL_ROWS_VISIBLE_UP_TO = 15;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, MMM d, yyyy", Locale.ENGLISH);

    final ResultTable table;
    final Grid<List<Object>> grid = new Grid<>();
    final Anchor download;

    ResultGrid(ResultTable table) {
        this.table = table;
        addClassNames("cs-card", "cs-result-grid");
        List<ResultTable.Column> columns = table.columns();
        for (int i = 0; i < columns.size(); i++) {
            int index = i;
            ResultTable.Column column = columns.get(i);
            Grid.Column<List<Object>> gridColumn = grid.addColumn(row -> text(column, row, index))
                    .setHeader(column.header()).setResizable(true).setSortable(true)
                    .setComparator(Comparator.comparing((List<Object> row) -> sortKey(row.get(index)),
                            Comparator.nullsLast(Comparator.naturalOrder())))
                    .setWidth(width(column, table.rows(), index) + "px")
                    .setFlexGrow(column.format() == ResultTable.Format.TEXT ? 1 : 0);
            if (column.format() != ResultTable.Format.TEXT && column.format() != ResultTable.Format.DATE) {
                gridColumn.setTextAlign(ColumnTextAlign.END);
            }
            if (column.format() == ResultTable.Format.HEAT) {
                gridColumn.setPartNameGenerator(row -> heat(share(column, row, index)));
                gridColumn.setTooltipGenerator(row -> row.get(index) == null ? "This period is after the range"
                        : count(row.get(index)) + " users");
            }
            if (i == 0) {
                gridColumn.setFrozen(true);
            }
        }
        grid.setItems(table.rows());
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_NO_BORDER);
        grid.setAriaLabel(table.title());
        if (table.rows().size() <= ALL_ROWS_VISIBLE_UP_TO) {
            grid.setAllRowsVisible(true);
        } else {
            grid.setHeight("440px");
        }

        byte[] csv = Csv.of(table).getBytes(StandardCharsets.UTF_8);
        String fileName = table.fileName() + ".csv";
        download = new Anchor(DownloadHandler.fromInputStream(event -> new DownloadResponse(
                new ByteArrayInputStream(csv), fileName, "text/csv; charset=utf-8", csv.length)),
                AttachmentType.DOWNLOAD, "");
        download.add(VaadinIcon.DOWNLOAD_ALT.create());
        download.add("CSV");
        download.addClassName("cs-download");
        download.setAriaLabel("Download " + table.title() + " as CSV");
        download.getElement().setAttribute("title", "Download these rows as CSV");

        H3 title = new H3(table.title());
        Div head = new Div(title, download);
        head.addClassName("cs-card-head");
        add(head, grid);
    }

    /**
     * A column's width in pixels, wide enough for its header with the sort arrows and for its longest cell (of the
     * first rows), up to {@value #MAX_WIDTH} px (wider cells are cut; a column can be resized). The grid's own
     * automatic widths measured the cells only and cut headers to "Wee…" and "Us…" when the result came in.
     */
    static int width(ResultTable.Column column, List<List<Object>> rows, int index) {
        int header = column.header().length() * CHAR_WIDTH + SORTER_WIDTH + CELL_PADDING;
        int widest = 0;
        for (List<Object> row : rows.subList(0, Math.min(rows.size(), 500))) {
            widest = Math.max(widest, text(column, row, index).length());
        }
        return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, Math.max(header, widest * CHAR_WIDTH + CELL_PADDING)));
    }

    private static final int CHAR_WIDTH = 8;
    private static final int SORTER_WIDTH = 22;
    private static final int CELL_PADDING = 24;
    private static final int MIN_WIDTH = 64;
    static final int MAX_WIDTH = 320;

    static String text(ResultTable.Column column, List<Object> row, int index) {
        Object value = row.get(index);
        if (column.format() == ResultTable.Format.HEAT) {
            Double share = share(column, row, index);
            return share == null ? "" : percent(share);
        }
        if (value == null) {
            return column.format() == ResultTable.Format.TEXT ? "(not set)" : "–";
        }
        return switch (column.format()) {
            case TEXT -> value.toString();
            case DATE -> value instanceof LocalDate date ? date.format(DATE) : value.toString();
            case COUNT -> count(value);
            case NUMBER -> decimal(((Number) value).doubleValue());
            case PERCENT -> percent(((Number) value).doubleValue());
            case SECONDS -> duration(((Number) value).doubleValue());
            case HEAT -> throw new IllegalStateException("handled above");
        };
    }

    static Double share(ResultTable.Column column, List<Object> row, int index) {
        Object value = row.get(index);
        Object base = column.base() == null ? null : row.get(column.base());
        if (!(value instanceof Number n) || !(base instanceof Number b) || b.doubleValue() == 0) {
            return null;
        }
        return n.doubleValue() / b.doubleValue();
    }

    /** A part name per tenth of the scale, styled by the theme: {@code heat-0} (none) to {@code heat-10} (all). */
    static String heat(Double share) {
        return share == null ? "heat-none" : "heat-" + (int) Math.round(Math.max(0, Math.min(1, share)) * 10);
    }

    static String count(Object value) {
        return NumberFormat.getIntegerInstance(Locale.ENGLISH).format(((Number) value).longValue());
    }

    static String decimal(double value) {
        return ChartOptions.figure(value);
    }

    static String percent(double share) {
        double value = share * 100;
        return (value >= 99.95 || value == 0 ? String.format(Locale.ENGLISH, "%.0f", value)
                : String.format(Locale.ENGLISH, "%.1f", value)) + "%";
    }

    /** {@code 42s}, {@code 4m 12s}, {@code 3h 5m}, {@code 2d 4h}. */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m" + (s % 60 == 0 ? "" : " " + s % 60 + "s");
        }
        if (s < 86_400) {
            return s / 3600 + "h" + (s % 3600 / 60 == 0 ? "" : " " + s % 3600 / 60 + "m");
        }
        return s / 86_400 + "d" + (s % 86_400 / 3600 == 0 ? "" : " " + s % 86_400 / 3600 + "h");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Comparable sortKey(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        return value instanceof Comparable c ? c : value == null ? null : value.toString();
    }
}
