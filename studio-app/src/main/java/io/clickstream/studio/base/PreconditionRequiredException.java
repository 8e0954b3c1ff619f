package io.clickstream.studio.base;

/**
 * A change that must name the version it was based on did not (optimistic locking: nothing is overwritten blindly).
 * The API answers {@code 428 Precondition Required}.
 */
public class PreconditionRequiredException extends RuntimeException {

    public PreconditionRequiredException(String message) {
        super(message);
    }
}
