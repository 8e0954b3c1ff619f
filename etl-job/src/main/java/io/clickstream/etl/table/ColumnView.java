package io.clickstream.etl.table;

import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.MapData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.CalendarInterval;
import org.apache.spark.unsafe.types.UTF8String;
import org.apache.spark.unsafe.types.VariantVal;

/**
 * Some columns of a wider row, in another order, read in place: what a projection would give without copying a
 * value. One column may be a date that the wider row holds as ISO text ({@code YYYY-MM-DD}): it reads as Spark's
 * day number. A view is moved from row to row with {@link #of}. It is read-only, as Spark's own views of rows are:
 * {@link #update} and {@link #setNullAt} are refused.
 */
final class ColumnView extends InternalRow {
    private static final long serialVersionUID = 1L;

    private final int[] ordinals;
    private final DataType[] types;
    private final int isoDateColumn;
    private transient InternalRow row;
    private transient UTF8String lastDate;
    private transient int lastDay;

    /**
     * @param from          the wider row's schema
     * @param columns       the view's columns: names in {@code from}
     * @param isoDateColumn the view's column that is ISO date text in {@code from} (-1 for none)
     */
    ColumnView(StructType from, List<String> columns, int isoDateColumn) {
        this.ordinals = columns.stream().mapToInt(from::fieldIndex).toArray();
        this.types = columns.stream().map(c -> from.apply(c).dataType()).toArray(DataType[]::new);
        this.isoDateColumn = isoDateColumn;
    }

    /** The rows that {@code keep} accepts, each seen through {@code view} (one view, moved along). */
    static java.util.Iterator<InternalRow> over(java.util.Iterator<InternalRow> rows,
                                                java.util.function.Predicate<InternalRow> keep, ColumnView view) {
        return new java.util.Iterator<>() {
            private InternalRow next;

            @Override
            public boolean hasNext() {
                while (next == null && rows.hasNext()) {
                    InternalRow r = rows.next();
                    if (keep.test(r)) {
                        next = r;
                    }
                }
                return next != null;
            }

            @Override
            public InternalRow next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                InternalRow r = next;
                next = null;
                return view.of(r);
            }
        };
    }

    /** This view over {@code wider}. */
    ColumnView of(InternalRow wider) {
        this.row = wider;
        return this;
    }

    @Override
    public int numFields() {
        return ordinals.length;
    }

    @Override
    public boolean isNullAt(int i) {
        return row.isNullAt(ordinals[i]);
    }

    @Override
    public int getInt(int i) {
        if (i != isoDateColumn) {
            return row.getInt(ordinals[i]);
        }
        UTF8String text = row.getUTF8String(ordinals[i]);
        if (!text.equals(lastDate)) {
            lastDay = (int) LocalDate.parse(text.toString()).toEpochDay();
            lastDate = text.copy();
        }
        return lastDay;
    }

    @Override
    public long getLong(int i) {
        return row.getLong(ordinals[i]);
    }

    @Override
    public UTF8String getUTF8String(int i) {
        return row.getUTF8String(ordinals[i]);
    }

    @Override
    public MapData getMap(int i) {
        return row.getMap(ordinals[i]);
    }

    @Override
    public ArrayData getArray(int i) {
        return row.getArray(ordinals[i]);
    }

    @Override
    public InternalRow getStruct(int i, int numFields) {
        return row.getStruct(ordinals[i], numFields);
    }

    @Override
    public boolean getBoolean(int i) {
        return row.getBoolean(ordinals[i]);
    }

    @Override
    public byte getByte(int i) {
        return row.getByte(ordinals[i]);
    }

    @Override
    public short getShort(int i) {
        return row.getShort(ordinals[i]);
    }

    @Override
    public float getFloat(int i) {
        return row.getFloat(ordinals[i]);
    }

    @Override
    public double getDouble(int i) {
        return row.getDouble(ordinals[i]);
    }

    @Override
    public Decimal getDecimal(int i, int precision, int scale) {
        return row.getDecimal(ordinals[i], precision, scale);
    }

    @Override
    public byte[] getBinary(int i) {
        return row.getBinary(ordinals[i]);
    }

    @Override
    public CalendarInterval getInterval(int i) {
        return row.getInterval(ordinals[i]);
    }

    @Override
    public VariantVal getVariant(int i) {
        return row.getVariant(ordinals[i]);
    }

    @Override
    public Object get(int i, DataType type) {
        return i == isoDateColumn ? (Object) getInt(i) : row.get(ordinals[i], type);
    }

    @Override
    public void setNullAt(int i) {
        throw new UnsupportedOperationException("a column view is read-only");
    }

    @Override
    public void update(int i, Object value) {
        throw new UnsupportedOperationException("a column view is read-only");
    }

    /** The view's values as a row of their own, which no longer points into the wider row. */
    @Override
    public InternalRow copy() {
        Object[] values = new Object[ordinals.length];
        for (int i = 0; i < ordinals.length; i++) {
            values[i] = isNullAt(i) ? null : InternalRow.copyValue(get(i, types[i]));
        }
        return new GenericInternalRow(values);
    }
}
