package io.clickstream.studio.base;

/** The thing asked for does not exist (or the caller may not know it does). The API answers {@code 404}. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}
