package io.clickstream.studio.base;

import java.security.SecureRandom;

/**
 * Identifiers for things the studio creates (dashboards, saved explorations, tiles): 12 random lowercase letters and
 * digits, short enough for a URL, hard to guess, and safe as a store sort key.
 */
public final class ItemIds {

    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ItemIds() {
    }

    public static String next() {
        StringBuilder id = new StringBuilder(12);
        for (int i = 0; i < 12; i++) {
            id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }

    /** Whether {@code text} could be such an id (or one of a similar shape): letters, digits, '-' and '_'. */
    public static boolean isWellFormed(String text) {
        return text != null && text.matches("[A-Za-z0-9_-]{1,64}");
    }
}
