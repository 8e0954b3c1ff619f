package io.clickstream.studio.query;

/** A query over the lake could not run; the message is safe to show to a signed-in user. */
public class LakeQueryException extends RuntimeException {

    public LakeQueryException(String message, Throwable cause) {
        super(message, cause);
    }
}
