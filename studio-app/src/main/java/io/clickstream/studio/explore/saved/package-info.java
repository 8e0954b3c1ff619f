/**
 * Saved explorations: an analysis, its query (the JSON the explore API takes) and a name, kept in the metadata store
 * (partition {@code EXPLORATION}) so that a link, a dashboard tile or an embed can run it again. Analysts and
 * administrators save, change and delete them; dashboards read them to draw their tiles.
 */
package io.clickstream.studio.explore.saved;
