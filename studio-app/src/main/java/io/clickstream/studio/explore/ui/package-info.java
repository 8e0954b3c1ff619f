/**
 * The Explore views: one per analysis of the engine (event, funnel, path, retention, attribution, lifecycle), each a
 * builder on the left and the result on the right (charts over ECharts and a results grid with a CSV download),
 * with the exploration's whole state in the URL ({@link io.clickstream.studio.explore.ui.ExplorationUrl}), queries
 * run off the UI thread with a progress indicator and a cancel, and the engine's per-field errors shown next to the
 * builder field at fault. Views only: they call {@code ExploreService} as the JSON API does.
 */
package io.clickstream.studio.explore.ui;
