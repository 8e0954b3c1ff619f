/**
 * Apps, the one record that deployables besides the studio read from the metadata store: the collector's registry
 * of accepted apps and origins, and the time zone the ETL computes event dates in. Other features keep their
 * records in their own packages.
 */
package io.clickstream.metadata.apps;
