package io.clickstream.studio.metadata;

/**
 * The names people see for events, event parameters and user attributes, for explorations, dashboards and anything
 * else that labels data: an analyst's display name, else the SDK preset's, else the name in the data. Cheap to call
 * per label (answers come from memory).
 */
public class DisplayNames {

    private final MetadataCatalog catalog;

    public DisplayNames(MetadataCatalog catalog) {
        this.catalog = catalog;
    }

    public String event(String appId, String eventName) {
        return catalog.event(appId, eventName).map(EventMetadata::displayName)
                .orElseGet(() -> Presets.event(eventName).map(Presets.Preset::displayName).orElse(eventName));
    }

    public String parameter(String appId, String eventName, String name) {
        return catalog.parameter(appId, eventName, name).map(ParameterMetadata::displayName)
                .orElseGet(() -> Presets.parameter(name).map(Presets.Preset::displayName).orElse(name));
    }

    public String userAttribute(String appId, String name) {
        return catalog.userAttribute(appId, name).map(UserAttributeMetadata::displayName)
                .orElseGet(() -> Presets.userAttribute(name).map(Presets.Preset::displayName).orElse(name));
    }
}
