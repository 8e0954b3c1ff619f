/**
 * The studio's metadata store: the {@link io.clickstream.metadata.MetadataStore} port (one table of items with a
 * partition key, a sort key, attributes and a version, written with optimistic locking and no transactions) and
 * its adapters, an embedded SQLite file ({@code sqlite}) by default and DynamoDB on AWS. Features map their records
 * onto items themselves; nothing here knows what a project or a dashboard is.
 */
package io.clickstream.metadata;
