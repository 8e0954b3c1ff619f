package io.clickstream.model;

import com.fasterxml.jackson.core.JsonLocation;
import java.nio.charset.StandardCharsets;

/**
 * What a JSON parser reads, text or UTF-8 bytes, from which the raw text of a bad event is cut by the parser's
 * offsets (character offsets for text, byte offsets for bytes).
 */
abstract class SourceText {

    /** The offset of a location of the parser reading this input. */
    abstract long offset(JsonLocation location);

    /** The text from {@code start} to {@code end}, or all of it when the range is not a valid one. */
    abstract String slice(long start, long end);

    static SourceText of(String text) {
        return new SourceText() {
            @Override
            long offset(JsonLocation location) {
                return location.getCharOffset();
            }

            @Override
            String slice(long start, long end) {
                return start < 0 || end > text.length() || start >= end ? text : text.substring((int) start, (int) end);
            }
        };
    }

    /** Bytes {@code offset .. offset + length} of {@code bytes}; the parser's byte offsets count from {@code offset}. */
    static SourceText of(byte[] bytes, int offset, int length) {
        return new SourceText() {
            @Override
            long offset(JsonLocation location) {
                return location.getByteOffset();
            }

            @Override
            String slice(long start, long end) {
                if (start < 0 || end > length || start >= end) {
                    start = 0;
                    end = length;
                }
                return new String(bytes, offset + (int) start, (int) (end - start), StandardCharsets.UTF_8);
            }
        };
    }
}
