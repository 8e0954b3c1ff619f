/**
 * The default, embedded adapter of the metadata store: one SQLite database file under the studio's data
 * directory, in WAL mode with every commit synced to disk.
 */
package io.clickstream.metadata.sqlite;
