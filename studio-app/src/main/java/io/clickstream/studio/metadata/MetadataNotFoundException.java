package io.clickstream.studio.metadata;

/** No such app, event, parameter or user attribute; the message names what was looked for. */
public class MetadataNotFoundException extends RuntimeException {

    public MetadataNotFoundException(String message) {
        super(message);
    }
}
