/**
 * The collector fleet: the ingestion-service container on ECS behind an Application Load Balancer, and the sink it
 * writes to with the path from that sink to the lake's {@code raw/} batches.
 */
package io.clickstream.infra.ingestion;
