package io.clickstream.studio.dashboard;

/**
 * One tile of a custom dashboard: a saved exploration, {@code width} columns (1-{@value #MAX_WIDTH}) wide and
 * {@code height} rows (1-{@value #MAX_HEIGHT}) high. Tiles fill the grid in list order.
 */
public record Tile(String id, String explorationId, int width, int height) {

    public static final int MAX_WIDTH = 4;
    public static final int MAX_HEIGHT = 3;
    public static final int DEFAULT_WIDTH = 2;
    public static final int DEFAULT_HEIGHT = 1;

    public Tile withSize(int newWidth, int newHeight) {
        return new Tile(id, explorationId, newWidth, newHeight);
    }
}
