package io.clickstream.studio.explore.exec;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The rows of a query as plain values, the same whichever engine ran it: whole numbers as {@link Long}, other
 * numbers as {@link Double}, dates as {@link LocalDate}, text as {@link String}, booleans, or null.
 */
public record ResultTable(List<String> columns, List<List<Object>> rows) {

    public ResultTable {
        columns = List.copyOf(columns);
        List<List<Object>> copy = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
        }
        rows = Collections.unmodifiableList(copy);
    }

    /** A value as a Java engine-independent type (see the class comment). */
    public static Object normalize(Object value) {
        if (value == null || value instanceof String || value instanceof Long || value instanceof Double
                || value instanceof Boolean || value instanceof LocalDate) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof java.math.BigInteger big) {
            return big.longValueExact();
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.scale() <= 0 ? (Object) decimal.longValueExact() : (Object) decimal.doubleValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate();
        }
        return value.toString();
    }

    public static Long asLong(Object value) {
        return value == null ? null : value instanceof Number n ? n.longValue() : Long.parseLong(value.toString());
    }

    public static Double asDouble(Object value) {
        return value == null ? null : value instanceof Number n ? n.doubleValue() : Double.parseDouble(value.toString());
    }

    public static LocalDate asDate(Object value) {
        return value == null ? null : value instanceof LocalDate d ? d : LocalDate.parse(value.toString().substring(0, 10));
    }

    public static String asString(Object value) {
        return value == null ? null : value.toString();
    }
}
