package io.clickstream.etl.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

class ColumnViewTest {

    static final StructType WIDE = DataTypes.createStructType(List.of(
            DataTypes.createStructField("kind", DataTypes.IntegerType, true),
            DataTypes.createStructField("name", DataTypes.StringType, true),
            DataTypes.createStructField("part_date", DataTypes.StringType, true),
            DataTypes.createStructField("n", DataTypes.LongType, true),
            DataTypes.createStructField("missing", DataTypes.StringType, true)));

    @Test
    void reads_chosen_columns_in_their_order_with_the_iso_date_as_a_day_number() {
        UnsafeRow wide = row(0, "page", "2024-05-02", 7L);
        ColumnView view = new ColumnView(WIDE, List.of("n", "part_date", "name", "missing"), 1).of(wide);
        assertThat(view.numFields()).isEqualTo(4);
        assertThat(view.getLong(0)).isEqualTo(7L);
        assertThat(view.getInt(1)).isEqualTo((int) LocalDate.parse("2024-05-02").toEpochDay());
        assertThat(view.getUTF8String(2).toString()).isEqualTo("page");
        assertThat(view.isNullAt(3)).isTrue();

        // a copy keeps its values when the view moves on and the wider row's buffer is reused
        InternalRow copy = view.copy();
        view.of(row(1, "other", "2024-05-03", 9L));
        assertThat(view.getInt(1)).isEqualTo((int) LocalDate.parse("2024-05-03").toEpochDay());
        assertThat(copy.getLong(0)).isEqualTo(7L);
        assertThat(copy.getInt(1)).isEqualTo((int) LocalDate.parse("2024-05-02").toEpochDay());
        assertThat(copy.getUTF8String(2).toString()).isEqualTo("page");
        assertThat(copy.isNullAt(3)).isTrue();
    }

    @Test
    void refuses_writes() {
        ColumnView view = new ColumnView(WIDE, List.of("name"), -1).of(row(0, "a", "2024-05-02", 1L));
        assertThatThrownBy(() -> view.update(0, null)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> view.setNullAt(0)).isInstanceOf(UnsupportedOperationException.class);
    }

    /** A row in Spark's binary form, as the stage cache keeps them; the projection reuses its buffer. */
    private static final UnsafeProjection UNSAFE = UnsafeProjection.create(WIDE);

    private static UnsafeRow row(int kind, String name, String date, long n) {
        return UNSAFE.apply(new GenericInternalRow(new Object[] {kind, UTF8String.fromString(name),
                UTF8String.fromString(date), n, null}));
    }
}
