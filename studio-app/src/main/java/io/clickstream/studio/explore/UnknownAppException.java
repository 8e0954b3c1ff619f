package io.clickstream.studio.explore;

/** The app asked about does not exist. */
public class UnknownAppException extends RuntimeException {

    public UnknownAppException(String appId) {
        super("no app '" + appId + "'");
    }
}
