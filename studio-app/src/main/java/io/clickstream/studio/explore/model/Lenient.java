package io.clickstream.studio.explore.model;

import java.util.Locale;

/** Case-insensitive enum lookup for JSON ({@code "DAY"}, {@code "day"} and {@code "Day"} are the same). */
final class Lenient {

    private Lenient() {
    }

    static <E extends Enum<E>> E parse(Class<E> type, String text) {
        if (text == null) {
            return null;
        }
        String wanted = text.trim().replace("-", "_").toUpperCase(Locale.ROOT);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().replace("_", "").equals(wanted.replace("_", ""))) {
                return constant;
            }
        }
        throw new IllegalArgumentException("unknown value '" + text + "'");
    }
}
