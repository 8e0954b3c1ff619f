package io.clickstream.metadata;

/**
 * A conditional write lost: the item already existed (create), or it was changed or deleted since it was read
 * (update, delete). Nothing was written. The message is safe to show to the person who made the change.
 */
public class ItemConflictException extends RuntimeException {

    private final ItemKey key;
    private final long expectedVersion;
    private final long actualVersion;

    /**
     * @param expectedVersion the version the writer read, or 0 for a create
     * @param actualVersion   the version stored now, or 0 when there is no such item
     */
    public ItemConflictException(ItemKey key, long expectedVersion, long actualVersion) {
        super(message(key, expectedVersion, actualVersion));
        this.key = key;
        this.expectedVersion = expectedVersion;
        this.actualVersion = actualVersion;
    }

    public ItemKey key() {
        return key;
    }

    public long expectedVersion() {
        return expectedVersion;
    }

    /** The version stored now, or 0 when the item does not exist. */
    public long actualVersion() {
        return actualVersion;
    }

    private static String message(ItemKey key, long expected, long actual) {
        if (expected == 0) {
            return "'" + key.sk() + "' already exists";
        }
        if (actual == 0) {
            return "'" + key.sk() + "' was deleted by someone else since you opened it";
        }
        return "'" + key.sk() + "' was changed by someone else since you opened it (your copy is version "
                + expected + ", the stored one " + actual + "); reload it and apply your change again";
    }
}
