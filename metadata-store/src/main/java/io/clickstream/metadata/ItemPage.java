package io.clickstream.metadata;

import java.util.List;

/**
 * One page of a query, in ascending sort-key order.
 *
 * @param items      the items of this page
 * @param nextAfter  the sort key to pass as {@code startAfter} for the next page, or null when there is none
 */
public record ItemPage(List<Item> items, String nextAfter) {

    public ItemPage {
        items = List.copyOf(items);
    }

    public boolean hasMore() {
        return nextAfter != null;
    }
}
