package io.clickstream.studio.explore.ui;

import io.clickstream.studio.explore.EventCatalog.AppMetadata;
import io.clickstream.studio.explore.ui.ExploreLabels.PropertyOption;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the builder fields of one app offer: its events and properties with their labels, and its time zone and
 * today (for the time range's presets).
 */
record BuilderCatalog(String appId, ZoneId zone, LocalDate today, List<String> events,
                      Map<String, PropertyOption> properties, ExploreLabels labels) {

    static final BuilderCatalog EMPTY = new BuilderCatalog("", ZoneId.of("UTC"), LocalDate.now(ZoneId.of("UTC")),
            List.of(), Map.of(), new ExploreLabels(ExploreLabels.DisplayNameLookup.RAW));

    static BuilderCatalog of(String appId, ZoneId zone, LocalDate today, AppMetadata metadata, ExploreLabels labels) {
        Map<String, PropertyOption> properties = new LinkedHashMap<>();
        labels.properties(appId, metadata).forEach(p -> properties.put(p.reference(), p));
        return new BuilderCatalog(appId, zone, today, labels.events(appId, metadata), properties, labels);
    }

    String eventLabel(String event) {
        return labels.event(appId, event);
    }

    String propertyLabel(String reference) {
        PropertyOption option = properties.get(reference);
        return option != null ? option.label() : labels.property(appId, reference);
    }

    boolean numeric(String reference) {
        PropertyOption option = properties.get(reference);
        return option != null && option.numeric();
    }

    /** Whether {@code text} (what a user typed) finds this label or name: case-insensitive, anywhere in either. */
    static boolean matches(String label, String name, String text) {
        if (text == null || text.isBlank()) {
            return true;
        }
        String wanted = text.strip().toLowerCase(Locale.ROOT);
        return label.toLowerCase(Locale.ROOT).contains(wanted) || name.toLowerCase(Locale.ROOT).contains(wanted);
    }
}
