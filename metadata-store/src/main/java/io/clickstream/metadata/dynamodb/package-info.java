/**
 * The DynamoDB adapter of the metadata store, for the studio on AWS: one table keyed by {@code pk} and {@code sk},
 * items with their attributes in DynamoDB's own types, conditional writes for optimistic locking, reached through the
 * AWS SDK v2 with the default credentials chain.
 */
package io.clickstream.metadata.dynamodb;
