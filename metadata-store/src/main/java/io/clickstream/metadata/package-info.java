/**
 * The studio's metadata store: the {@link io.clickstream.metadata.MetadataStore} port (one table of items with a
 * partition key, a sort key, attributes and a version, written with optimistic locking and no transactions) and
 * its adapters, an embedded SQLite file ({@code sqlite}) by default and DynamoDB on AWS. Features map their records
 * onto items themselves; only projects and apps, which the pipeline engine, the collector and the ETL read too, are mapped here
 * ({@code projects}, {@code apps}).
 */
package io.clickstream.metadata;
