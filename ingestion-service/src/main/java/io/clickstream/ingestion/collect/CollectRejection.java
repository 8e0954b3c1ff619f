package io.clickstream.ingestion.collect;

import io.clickstream.ingestion.metrics.Rejection;

/** A request refused with a 4xx/5xx and a reason for the client; thrown without a stack trace (it is common). */
final class CollectRejection extends RuntimeException {

    private final int status;
    private final Rejection reason;

    CollectRejection(int status, Rejection reason, String message) {
        super(message, null, false, false);
        this.status = status;
        this.reason = reason;
    }

    int status() {
        return status;
    }

    Rejection reason() {
        return reason;
    }
}
