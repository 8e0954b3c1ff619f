package io.clickstream.studio.explore;

import io.clickstream.studio.base.NotFoundException;

/** The app asked about does not exist (the API answers 404). */
public class UnknownAppException extends NotFoundException {

    public UnknownAppException(String appId) {
        super("No app '" + appId + "'");
    }
}
