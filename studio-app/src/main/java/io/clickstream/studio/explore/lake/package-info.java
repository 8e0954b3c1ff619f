/**
 * The engine's ports implemented over what exists today: apps from the metadata store, event names, parameters and user attributes read from the lake with DuckDB, and
 * data versions from the modeled files. The metadata manager will implement the catalog port.
 */
package io.clickstream.studio.explore.lake;
