package io.clickstream.etl.enrich;

/** Replaces the client IP by its network part before any other step can see or store it. */
public final class IpAnonymizer implements EventEnricher {

    @Override
    public boolean enrich(EventRecord event) {
        if (event.ip != null) {
            event.ip = IpAddresses.anonymize(event.ip);
        }
        return true;
    }
}
