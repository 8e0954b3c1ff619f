package io.clickstream.studio.dashboard;

import io.clickstream.studio.explore.saved.SavedExploration;

/**
 * A tile as a viewer sees it before its query runs: its place and size, and the saved exploration it shows (null
 * when that exploration was deleted since).
 */
public record TileContent(Tile tile, SavedExploration exploration) {
}
