/**
 * The engine's ports implemented over what exists today: apps from the metadata store's app records, event names, parameters and user attributes read from the lake with DuckDB, and
 * data versions from the modeled files. The metadata store and the metadata manager will implement the same ports.
 */
package io.clickstream.studio.explore.lake;
