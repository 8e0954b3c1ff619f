package io.clickstream.ingestion.metrics;

/** Why a request was refused; the label of the {@code reason} dimension of the rejection counter. */
public enum Rejection {
    MISSING_APP_ID,
    UNKNOWN_APP,
    ORIGIN_NOT_ALLOWED,
    UNSUPPORTED_MEDIA_TYPE,
    BAD_ENCODING,
    MALFORMED_BODY,
    HASH_MISMATCH,
    UNAUTHENTICATED,
    AUTH_UNAVAILABLE,
    TOO_LARGE,
    SINK_UNAVAILABLE;

    /** The Prometheus label value. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
