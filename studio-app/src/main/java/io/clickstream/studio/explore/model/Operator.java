package io.clickstream.studio.explore.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Comparison of a condition. A missing value (SQL NULL) matches only {@link #IS_NULL}: {@code platform <> 'Web'}
 * leaves out events without a platform, as SQL does.
 */
public enum Operator {
    EQ("="), NE("<>"), GT(">"), GE(">="), LT("<"), LE("<="), IN("in"), NOT_IN("notIn"), CONTAINS("contains"),
    NOT_CONTAINS("notContains"), IS_NULL("isNull"), IS_NOT_NULL("isNotNull"), BETWEEN("between");

    private final String symbol;

    Operator(String symbol) {
        this.symbol = symbol;
    }

    @JsonValue
    public String symbol() {
        return symbol;
    }

    @JsonCreator
    public static Operator of(String text) {
        for (Operator op : values()) {
            if (op.symbol.equalsIgnoreCase(text) || op.name().equalsIgnoreCase(text)) {
                return op;
            }
        }
        if ("!=".equals(text)) {
            return NE;
        }
        throw new IllegalArgumentException("unknown operator '" + text + "'");
    }

    /** How many values the operator takes: 0, 1, 2, or -1 for one or more. */
    public int arity() {
        return switch (this) {
            case IS_NULL, IS_NOT_NULL -> 0;
            case BETWEEN -> 2;
            case IN, NOT_IN -> -1;
            default -> 1;
        };
    }

    /** Whether the operator orders values (and so needs a number). */
    public boolean numericOnly() {
        return this == GT || this == GE || this == LT || this == LE || this == BETWEEN;
    }
}
