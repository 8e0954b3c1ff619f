package io.clickstream.studio.base;

/**
 * A change refused because of the state of other things: a project that still has apps, the last administrator.
 * The message says why and what to do; the API answers {@code 409}, as for the store's
 * {@link io.clickstream.metadata.ItemConflictException} (a concurrent edit or a duplicate id).
 */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
