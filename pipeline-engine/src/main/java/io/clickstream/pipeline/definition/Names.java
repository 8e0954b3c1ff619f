package io.clickstream.pipeline.definition;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The lower-case spelling of the definition's enums in YAML and JSON, read case-insensitively. */
final class Names {

    private Names() {
    }

    static String id(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    static <E extends Enum<E>> E parse(Class<E> type, String what, String text) {
        if (text != null) {
            String wanted = text.trim().replace('-', '_');
            for (E value : type.getEnumConstants()) {
                if (value.name().equalsIgnoreCase(wanted)) {
                    return value;
                }
            }
        }
        String known = Arrays.stream(type.getEnumConstants()).map(Names::id).collect(Collectors.joining(", "));
        throw new IllegalArgumentException("unknown " + what + " '" + text + "': use one of " + known);
    }
}
