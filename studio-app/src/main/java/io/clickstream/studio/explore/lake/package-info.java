/**
 * The engine's ports implemented over what exists today: apps from the pipeline engine's app catalog
 * ({@code <data-dir>/apps.json}), event names, parameters and user attributes read from the lake with DuckDB, and
 * data versions from the modeled files. The metadata store and the metadata manager will implement the same ports.
 */
package io.clickstream.studio.explore.lake;
