/**
 * Pure {@code Dataset<Row> -> Dataset<Row>} transforms that build each modeled table from decoded rows and merge
 * them with the rows a partition already has.
 */
package io.clickstream.etl.table;
