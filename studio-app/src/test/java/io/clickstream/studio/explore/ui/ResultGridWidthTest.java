package io.clickstream.studio.explore.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The result grids' columns are as wide as their headers and their cells, so that neither reads "Wee…". */
class ResultGridWidthTest {

    /** Pixels a text of {@code chars} characters needs in a grid cell of Lumo's compact grid (about 7.5 a char). */
    static int needed(int chars, boolean header) {
        return (int) Math.ceil(chars * 7.5) + 16 + (header ? 20 : 0);
    }

    @Test
    void a_narrow_column_of_shares_still_shows_its_header_and_its_sort_arrows() {
        // A retention table: cells of five characters ("34.2%") under headers of six ("Week 1") and more.
        ResultTable.Column users = ResultTable.Column.of("Users", ResultTable.Format.COUNT);
        ResultTable.Column week = new ResultTable.Column("Week 1", ResultTable.Format.HEAT, 1);
        List<List<Object>> rows = List.of(List.of("Mon, Nov 2, 2026", 38L, 13L), List.of("Mon, Nov 9, 2026", 252L, 97L));

        assertThat(ResultGrid.width(users, rows, 1)).isGreaterThanOrEqualTo(needed("Users".length(), true));
        assertThat(ResultGrid.width(week, rows, 2)).isGreaterThanOrEqualTo(needed("Week 1".length(), true));
    }

    @Test
    void a_wide_cell_widens_its_column_up_to_a_limit() {
        ResultTable.Column page = ResultTable.Column.of("Page", ResultTable.Format.TEXT);
        List<List<Object>> rows = new ArrayList<>();
        rows.add(List.of("/products/jackets/waterproof"));
        assertThat(ResultGrid.width(page, rows, 0)).isGreaterThanOrEqualTo(needed(28, false));

        rows.add(List.of("https://shop.example.com/blog/how-to-choose-running-shoes-for-every-season-of-the-year"));
        assertThat(ResultGrid.width(page, rows, 0)).isEqualTo(ResultGrid.MAX_WIDTH);
    }
}
