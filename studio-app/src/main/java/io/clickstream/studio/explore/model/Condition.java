package io.clickstream.studio.explore.model;

import java.util.List;

/**
 * One condition on a property of an event: {@code {"property":"platform","operator":"=","value":"Android"}}.
 * Properties are event columns ({@code platform}, {@code geo_country}, {@code device_brand},
 * {@code traffic_source_source}, ...), custom event parameters ({@code event.<name>}) or user attributes
 * ({@code user.<name>}). {@code value} is for one-value operators, {@code values} for {@code in}, {@code notIn} and
 * {@code between} (either may be used when the operator takes exactly the given number).
 */
public record Condition(String property, Operator operator, Object value, List<Object> values) {

    public static Condition of(String property, Operator operator, Object... values) {
        return new Condition(property, operator, null, List.of(values));
    }

    /** The values given, whichever field held them. */
    public List<Object> allValues() {
        if (values != null && !values.isEmpty()) {
            return values;
        }
        return value == null ? List.of() : List.of(value);
    }
}
