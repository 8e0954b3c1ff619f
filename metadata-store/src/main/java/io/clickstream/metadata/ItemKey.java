package io.clickstream.metadata;

import java.nio.charset.StandardCharsets;

/**
 * Where an item lives in the single table: a partition key that groups related items (all apps, one app's
 * metadata, one user's tokens) and a sort key that orders them within it. Both are non-empty text; their limits
 * are DynamoDB's (2,048 and 1,024 bytes of UTF-8), so every adapter accepts the same keys.
 */
public record ItemKey(String pk, String sk) {

    static final int MAX_PK_BYTES = 2048;
    static final int MAX_SK_BYTES = 1024;

    public ItemKey {
        check("partition key", pk, MAX_PK_BYTES);
        check("sort key", sk, MAX_SK_BYTES);
    }

    public static ItemKey of(String pk, String sk) {
        return new ItemKey(pk, sk);
    }

    private static void check(String what, String value, int maxBytes) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            throw new IllegalArgumentException(what + " is longer than " + maxBytes + " bytes: " + value);
        }
    }

    @Override
    public String toString() {
        return pk + " / " + sk;
    }
}
