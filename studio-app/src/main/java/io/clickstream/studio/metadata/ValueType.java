package io.clickstream.studio.metadata;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * The type of a parameter's or attribute's values, inferred from every value the scan has seen: the narrowest one
 * they all fit. Values of two types widen to the type both fit ({@code integer} and {@code double} to
 * {@code double}, anything else to {@code string}), so the result does not depend on the order of the scans.
 */
public enum ValueType {
    BOOLEAN, INTEGER, DOUBLE, STRING;

    /** The name used in the API and stored in items: {@code boolean}, {@code integer}, {@code double}, {@code string}. */
    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type of a label, {@link #STRING} for anything unknown (text fits every value). */
    public static ValueType of(String label) {
        if (label == null) {
            return STRING;
        }
        for (ValueType type : values()) {
            if (type.label().equals(label)) {
                return type;
            }
        }
        return STRING;
    }

    /** The narrowest type that fits values of both; null stands for "no value seen yet". */
    public static ValueType join(ValueType a, ValueType b) {
        if (a == null) {
            return b;
        }
        if (b == null || a == b) {
            return a;
        }
        if ((a == INTEGER && b == DOUBLE) || (a == DOUBLE && b == INTEGER)) {
            return DOUBLE;
        }
        return STRING;
    }
}
