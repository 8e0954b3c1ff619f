package io.clickstream.studio.dashboard;

/**
 * A tile's saved exploration as it ran on a dashboard or an embed page, and the engine's answer: the chart builder
 * draws the answer as the exploration asked for it (a path read back from an end node draws backwards).
 *
 * @param query  the analysis' query record ({@code PathQuery}, ...) with the dashboard's dates and filters in place
 * @param result the analysis' result record ({@code PathResult}, ...)
 */
public record TileAnswer(Object query, Object result) {
}
