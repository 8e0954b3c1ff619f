/**
 * The exploration engine: event, funnel, path, retention, attribution and lifecycle analyses of an app's modeled
 * events, exact to the last user, on embedded DuckDB locally and on Athena or Redshift in AWS mode.
 * {@link io.clickstream.studio.explore.ExploreService} is the one entry point (views and the JSON API both call it):
 * it validates a query ({@code model}) against the app's metadata, builds its SQL ({@code sql}), runs it
 * ({@code exec}) with a result cache keyed by the data version, and maps the rows back to result records.
 * What it needs from other features are ports with implementations here for now ({@code lake}): the app's time
 * zone ({@link io.clickstream.studio.explore.AppDirectory}), its known events and parameters
 * ({@link io.clickstream.studio.explore.EventCatalog}) and the data version
 * ({@link io.clickstream.studio.explore.DataVersions}). No Vaadin in here.
 */
package io.clickstream.studio.explore;
