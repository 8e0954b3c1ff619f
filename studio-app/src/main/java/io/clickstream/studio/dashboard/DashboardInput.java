package io.clickstream.studio.dashboard;

import io.clickstream.studio.explore.model.Condition;
import java.util.List;

/**
 * A dashboard as a client sends it to create or replace one: name, description, filters and tiles (a tile without an
 * id is new; width and height default to 2 and 1). {@code version} is the version read, for a replace.
 */
public record DashboardInput(String name, String description, List<Condition> filters, List<TileInput> tiles,
                             Long version) {

    /** A tile as sent: the saved exploration's id and the size. */
    public record TileInput(String id, String explorationId, Integer width, Integer height) {
    }

    /** The input that leaves {@code dashboard} as it is (the base of a view's edit). */
    public static DashboardInput of(Dashboard dashboard) {
        return new DashboardInput(dashboard.name(), dashboard.description(), dashboard.filters(),
                dashboard.tiles().stream().map(t -> new TileInput(t.id(), t.explorationId(), t.width(), t.height()))
                        .toList(), null);
    }
}
