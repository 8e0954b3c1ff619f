package io.clickstream.studio.explore.exec;

/**
 * An exploration query did not produce its answer: cancelled, over its time limit, or refused or failed by the
 * engine. The message says what happened in words a signed-in user may see (no credentials, no stack).
 */
public class QueryFailure extends RuntimeException {

    /** Why the query ended without an answer. */
    public enum Reason { CANCELLED, TIMEOUT, FAILED }

    private final Reason reason;

    public QueryFailure(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
