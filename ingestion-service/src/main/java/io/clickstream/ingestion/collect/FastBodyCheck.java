package io.clickstream.ingestion.collect;

import io.clickstream.model.IngestionLimits;

/**
 * A fast path in front of {@link io.clickstream.model.RequestBodyCheck}: a byte-level, allocation-free validator of
 * strict JSON (RFC 8259, valid UTF-8, no control characters in strings) that also applies the protocol's shape and
 * count limits. It only ever says "certainly accepted" (the number of events) or "not sure" (-1); every "not sure"
 * goes to {@code RequestBodyCheck}, which stays the authority and writes the client's error message. It is stricter
 * than Jackson wherever the two could differ, so anything it accepts Jackson accepts too.
 */
final class FastBodyCheck {

    /** Deepest container nesting taken on the fast path (the root array counts as 1). */
    private static final int MAX_DEPTH = IngestionLimits.MAX_NESTING_DEPTH;
    private static final int MAX_NUMBER_LENGTH = 100;
    private static final int MAX_NAME_LENGTH = 1000;
    private static final byte[] ITEMS = {'i', 't', 'e', 'm', 's'};
    private static final byte[] USER = {'u', 's', 'e', 'r'};
    private static final byte[] ATTRIBUTES = {'a', 't', 't', 'r', 'i', 'b', 'u', 't', 'e', 's'};

    /** Bytes that need no attention inside a string: printable ASCII except the quote and the backslash. */
    private static final boolean[] PLAIN = new boolean[256];

    static {
        for (int c = 0x20; c < 0x80; c++) {
            PLAIN[c] = c != '"' && c != '\\';
        }
    }

    private final byte[] b;
    private final int end;
    private int p;

    private FastBodyCheck(byte[] body, int offset, int length) {
        this.b = body;
        this.p = offset;
        this.end = offset + length;
    }

    private boolean lineBreaks;
    private int events;

    /** Checks a body; see {@link #events()} and {@link #lineBreaks()}. */
    static FastBodyCheck of(byte[] body, int offset, int length) {
        FastBodyCheck check = new FastBodyCheck(body, offset, length);
        check.events = check.run();
        return check;
    }

    /** The number of events when the body is certainly acceptable, else -1. */
    int events() {
        return events;
    }

    /**
     * Whether an accepted body holds a CR or LF byte (they can only be whitespace between tokens: raw control
     * characters in strings are refused), so that the envelope writer need not look for them in a compact body.
     */
    boolean lineBreaks() {
        return lineBreaks;
    }

    private int run() {
        skipWhitespace();
        if (p >= end) {
            return -1;
        }
        int events;
        if (b[p] == '{') {
            if (!event(1)) {
                return -1;
            }
            events = 1;
        } else if (b[p] == '[') {
            p++;
            events = 0;
            skipWhitespace();
            if (p < end && b[p] == ']') {
                p++;
            } else {
                while (true) {
                    skipWhitespace();
                    if (p >= end || b[p] != '{' || !event(2)) {
                        return -1;
                    }
                    if (++events > IngestionLimits.MAX_EVENTS_PER_REQUEST) {
                        return -1;
                    }
                    skipWhitespace();
                    if (p >= end) {
                        return -1;
                    }
                    if (b[p] == ',') {
                        p++;
                    } else if (b[p] == ']') {
                        p++;
                        break;
                    } else {
                        return -1;
                    }
                }
            }
        } else {
            return -1;
        }
        skipWhitespace();
        return p == end ? events : -1;
    }

    /** An event object at {@code b[p] == '{'}; checks the counts of its items, user and attributes. */
    private boolean event(int depth) {
        p++;
        skipWhitespace();
        if (p < end && b[p] == '}') {
            p++;
            return true;
        }
        while (true) {
            skipWhitespace();
            if (p >= end || b[p] != '"') {
                return false;
            }
            int nameStart = p + 1;
            int nameState = string();
            if (nameState < 0) {
                return false;
            }
            int nameLength = p - 1 - nameStart;
            if (nameLength > MAX_NAME_LENGTH) {
                return false;
            }
            int limit = -1;
            if (nameState == 1) {
                // An escaped name might spell a counted one; leave it to the authority.
                return false;
            } else if (same(nameStart, nameLength, ITEMS)) {
                limit = IngestionLimits.MAX_ITEMS_PER_EVENT;
            } else if (same(nameStart, nameLength, USER)) {
                limit = IngestionLimits.MAX_USER_ATTRIBUTES_PER_EVENT;
            } else if (same(nameStart, nameLength, ATTRIBUTES)) {
                limit = IngestionLimits.MAX_ATTRIBUTES_PER_EVENT;
            }
            skipWhitespace();
            if (p >= end || b[p] != ':') {
                return false;
            }
            p++;
            skipWhitespace();
            if (p >= end) {
                return false;
            }
            if (b[p] == '{' || b[p] == '[') {
                int children = container(depth + 1);
                if (children < 0 || (limit >= 0 && children > limit)) {
                    return false;
                }
            } else if (!scalar()) {
                return false;
            }
            skipWhitespace();
            if (p >= end) {
                return false;
            }
            if (b[p] == ',') {
                p++;
            } else if (b[p] == '}') {
                p++;
                return true;
            } else {
                return false;
            }
        }
    }

    /** An object or array at {@code b[p]}; returns the number of direct children, or -1. */
    private int container(int depth) {
        if (depth > MAX_DEPTH) {
            return -1;
        }
        boolean object = b[p] == '{';
        byte close = (byte) (object ? '}' : ']');
        p++;
        skipWhitespace();
        if (p < end && b[p] == close) {
            p++;
            return 0;
        }
        int count = 0;
        while (true) {
            skipWhitespace();
            if (p >= end) {
                return -1;
            }
            if (object) {
                int nameStart = p;
                if (b[p] != '"' || string() < 0 || p - nameStart > MAX_NAME_LENGTH) {
                    return -1;
                }
                skipWhitespace();
                if (p >= end || b[p] != ':') {
                    return -1;
                }
                p++;
                skipWhitespace();
                if (p >= end) {
                    return -1;
                }
            }
            if (b[p] == '{' || b[p] == '[') {
                if (container(depth + 1) < 0) {
                    return -1;
                }
            } else if (!scalar()) {
                return -1;
            }
            count++;
            skipWhitespace();
            if (p >= end) {
                return -1;
            }
            if (b[p] == ',') {
                p++;
            } else if (b[p] == close) {
                p++;
                return count;
            } else {
                return -1;
            }
        }
    }

    private boolean scalar() {
        byte c = b[p];
        if (c == '"') {
            return string() >= 0;
        }
        if (c == 't') {
            return literal("true");
        }
        if (c == 'f') {
            return literal("false");
        }
        if (c == 'n') {
            return literal("null");
        }
        return number();
    }

    /** A string at {@code b[p] == '"'}: -1 invalid, 0 plain, 1 with escapes. Leaves p after the closing quote. */
    private int string() {
        // The hot loop of the check (most of a body is string bytes): position and bounds in locals.
        byte[] b = this.b;
        int end = this.end;
        int p = this.p + 1;
        int escaped = 0;
        while (p < end) {
            int c = b[p] & 0xff;
            if (PLAIN[c]) {
                p++;
            } else if (c == '"') {
                this.p = p + 1;
                return escaped;
            } else if (c == '\\') {
                escaped = 1;
                if (p + 1 >= end) {
                    return -1;
                }
                int e = b[p + 1];
                if (e == 'u') {
                    if (p + 5 >= end || !hex(b[p + 2]) || !hex(b[p + 3]) || !hex(b[p + 4]) || !hex(b[p + 5])) {
                        return -1;
                    }
                    p += 6;
                } else if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r'
                        || e == 't') {
                    p += 2;
                } else {
                    return -1;
                }
            } else if (c < 0x80) {
                return -1; // a control character
            } else {
                this.p = p;
                if (!utf8(c)) {
                    return -1;
                }
                p = this.p;
            }
        }
        return -1;
    }

    /** One well-formed UTF-8 sequence starting with lead byte {@code c} (no overlongs, no surrogates). */
    private boolean utf8(int c) {
        int n;
        int min;
        if (c >= 0xc2 && c <= 0xdf) {
            n = 1;
            min = 0x80;
        } else if (c >= 0xe0 && c <= 0xef) {
            n = 2;
            min = 0x800;
        } else if (c >= 0xf0 && c <= 0xf4) {
            n = 3;
            min = 0x10000;
        } else {
            return false;
        }
        if (p + n >= end) {
            return false;
        }
        int code = c & (0x3f >> n);
        for (int i = 1; i <= n; i++) {
            int next = b[p + i] & 0xff;
            if ((next & 0xc0) != 0x80) {
                return false;
            }
            code = code << 6 | (next & 0x3f);
        }
        if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
            return false;
        }
        p += n + 1;
        return true;
    }

    private boolean number() {
        int start = p;
        if (b[p] == '-') {
            p++;
        }
        if (p >= end) {
            return false;
        }
        if (b[p] == '0') {
            p++;
        } else if (b[p] >= '1' && b[p] <= '9') {
            while (p < end && digit(b[p])) {
                p++;
            }
        } else {
            return false;
        }
        if (p < end && b[p] == '.') {
            p++;
            if (p >= end || !digit(b[p])) {
                return false;
            }
            while (p < end && digit(b[p])) {
                p++;
            }
        }
        if (p < end && (b[p] == 'e' || b[p] == 'E')) {
            p++;
            if (p < end && (b[p] == '+' || b[p] == '-')) {
                p++;
            }
            if (p >= end || !digit(b[p])) {
                return false;
            }
            while (p < end && digit(b[p])) {
                p++;
            }
        }
        return p - start <= MAX_NUMBER_LENGTH && delimited();
    }

    private boolean literal(String word) {
        int n = word.length();
        if (p + n > end) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (b[p + i] != word.charAt(i)) {
                return false;
            }
        }
        p += n;
        return delimited();
    }

    /** A scalar must be followed by whitespace, a separator or a closing bracket. */
    private boolean delimited() {
        if (p >= end) {
            return true;
        }
        byte c = b[p];
        return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }

    private void skipWhitespace() {
        while (p < end) {
            int c = b[p] & 0xff;
            if (c > ' ') {
                // Every token starts above the space; compact JSON leaves here at the first byte.
                return;
            }
            if (c == ' ' || c == '\t') {
                p++;
            } else if (c == '\n' || c == '\r') {
                lineBreaks = true;
                p++;
            } else {
                return;
            }
        }
    }

    private boolean same(int start, int length, byte[] word) {
        if (length != word.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (b[start + i] != word[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean digit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static boolean hex(byte c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
