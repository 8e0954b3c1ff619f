/**
 * Custom dashboards on screen: the list of an app's dashboards, a dashboard's grid of tiles (analysts add, remove,
 * resize and reorder them; readers only look), the page that adds a saved exploration to a dashboard
 * ({@code dashboards/add-tile?exploration=<id>}), and the tile and chart renderers that explorations and embeds reuse.
 */
package io.clickstream.studio.dashboard.ui;
