package io.clickstream.studio.embed.quicksight;

/** QuickSight could not give an embed URL; the message says why in plain words, for the page to show. */
public class QuickSightFailure extends RuntimeException {

    public QuickSightFailure(String message) {
        super(message);
    }

    public QuickSightFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
