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
        if (config.anonymizeIp()) {
            steps.add(new IpAnonymizer());
        }
        steps.add(new UserAgentEnricher());
        if (config.botFilter()) {
            steps.add(new BotFilter());
        }
        if (config.geoipDb() != null) {
            steps.add(new GeoEnricher(config.geoipDb()));
        }
        steps.add(new TrafficSourceEnricher(config.channelRules()));
        if (!config.piiHashed().isEmpty() || !config.piiDropped().isEmpty()) {
            steps.add(new PiiMasking(config.piiHashed(), config.piiDropped()));
        }
        return steps;
    }
}
