package io.clickstream.model;

/**
 * The outcome of decoding one event of a batch: either a valid {@link SdkEvent}, or the reason it was refused
 * together with its raw JSON text, which is what goes to quarantine.
 */
public record ParsedEvent(SdkEvent event, String reason, String rawJson) {

    public static ParsedEvent valid(SdkEvent event) {
        return new ParsedEvent(event, null, null);
    }

    public static ParsedEvent invalid(String reason, String rawJson) {
        return new ParsedEvent(null, reason, rawJson);
    }

    public boolean isValid() {
        return event != null;
    }
}
