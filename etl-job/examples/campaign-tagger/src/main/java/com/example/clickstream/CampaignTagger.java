package com.example.clickstream;

import io.clickstream.etl.enrich.EnrichmentContext;
import io.clickstream.etl.enrich.EventEnricher;
import io.clickstream.etl.enrich.EventRecord;

/**
 * An example custom enricher: tags events of paid campaigns with a {@code campaign_kind} custom parameter and
 * drops internal test traffic. Build it into a jar against etl-job and run the ETL with
 * {@code --plugin-jar=campaign-tagger.jar --plugin=com.example.clickstream.CampaignTagger}.
 */
public class CampaignTagger implements EventEnricher {

    /** Users of the shop's own QA robot; a real plugin would take this from its own configuration. */
    private String qaUser = "qa-bot";

    @Override
    public void configure(EnrichmentContext context) {
        // Called once per Spark task with the pass's settings, e.g. to open a lookup file next to the lake.
        if (context.config().lake().isEmpty()) {
            qaUser = null;
        }
    }

    @Override
    public boolean enrich(EventRecord event) {
        if (event.userPseudoId != null && event.userPseudoId.equals(qaUser)) {
            return false;
        }
        String medium = event.trafficMedium;
        boolean paid = medium != null && (medium.contains("cpc") || medium.startsWith("paid"));
        event.customParameters.put("campaign_kind", paid ? "paid" : "organic");
        event.customParameters.put("tagged_by", getClass().getSimpleName());
        return true;
    }
}
