package io.clickstream.etl.enrich;

import io.clickstream.etl.EtlConfig;
import java.util.ArrayList;
import java.util.List;

/** The built-in enrichment steps the settings switch on, in the order they must run. */
final class BuiltInEnrichers {

    private BuiltInEnrichers() {
    }

    static List<EventEnricher> forConfig(EtlConfig config) {
        List<EventEnricher> steps = new ArrayList<>();
        return steps;
    }
}
