package io.clickstream.studio.dashboard;

import io.clickstream.studio.explore.model.Condition;
import java.time.Instant;
import java.util.List;

/**
 * A custom dashboard of one app: tiles of saved explorations in order, and filters that every tile's query gets on
 * top of its own conditions (all must hold). The date range is the viewer's (the header's), the same for every tile.
 */
public record Dashboard(String id, String appId, String name, String description, List<Condition> filters,
                        List<Tile> tiles, String owner, Instant updatedAt) {

    public Dashboard {
        filters = filters == null ? List.of() : List.copyOf(filters);
        tiles = tiles == null ? List.of() : List.copyOf(tiles);
        description = description == null ? "" : description;
    }
}
