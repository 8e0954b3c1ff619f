/**
 * The modeled tables on AWS: a Glue database whose tables find their partitions by projection (no crawler), an
 * Athena workgroup, and optionally Redshift Serverless with a scheduled load from the lake.
 */
package io.clickstream.infra.modeling;
