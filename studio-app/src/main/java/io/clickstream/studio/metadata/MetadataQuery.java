package io.clickstream.studio.metadata;

import java.util.Locale;

/**
 * Which entries of a list to show and in what order.
 *
 * @param search     words that must all appear in the name, display name or category (ignoring case); blank for all
 * @param sort       a field of {@link MetadataKind#sortFields()}
 * @param descending largest first
 * @param eventName  parameters only: those of this event; null for every event
 */
public record MetadataQuery(String search, String sort, boolean descending, String eventName) {

    public MetadataQuery {
        search = search == null ? "" : search.strip();
        sort = sort == null || sort.isBlank() ? "name" : sort;
        eventName = eventName == null || eventName.isBlank() ? null : eventName;
    }

    /** Everything, by name. */
    public static MetadataQuery all() {
        return new MetadataQuery("", "name", false, null);
    }

    String[] words() {
        return search.isEmpty() ? new String[0] : search.toLowerCase(Locale.ROOT).split("\\s+");
    }
}
