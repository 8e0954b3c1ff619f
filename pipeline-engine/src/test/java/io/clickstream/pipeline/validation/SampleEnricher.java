package io.clickstream.pipeline.validation;

import io.clickstream.etl.enrich.EventEnricher;
import io.clickstream.etl.enrich.EventRecord;

/** A plugin on the test classpath, as a user's enricher would be on the ETL's. */
public class SampleEnricher implements EventEnricher {

    @Override
    public boolean enrich(EventRecord event) {
        return true;
    }
}
