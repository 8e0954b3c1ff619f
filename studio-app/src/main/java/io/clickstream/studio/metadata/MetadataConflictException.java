package io.clickstream.studio.metadata;

/**
 * An edit named a version that is no longer the current one: someone else changed the same entry since it was
 * read. Nothing was written; the message says who and asks to reload.
 */
public class MetadataConflictException extends RuntimeException {

    private final long currentVersion;

    public MetadataConflictException(String message, long currentVersion) {
        super(message);
        this.currentVersion = currentVersion;
    }

    public long currentVersion() {
        return currentVersion;
    }
}
