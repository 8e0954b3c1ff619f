package io.clickstream.studio.metadata;

import java.util.List;

/**
 * One page of a metadata list.
 *
 * @param items the entries of the page
 * @param total how many entries match the query in all
 */
public record MetadataPage<T extends MetadataEntry>(List<T> items, int total) {

    public MetadataPage {
        items = List.copyOf(items);
    }
}
