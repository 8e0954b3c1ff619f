/**
 * The HTTP side of the collector: the SDK protocol's collect endpoint with its door checks (app, origin, content
 * type, hashCode, base64/gzip decoding with a decompression limit, the streaming JSON check), CORS, the trusted-proxy
 * rule for client addresses, and the ping, health and metrics endpoints. Built on Netty for speed; the lifecycle
 * lives in {@link io.clickstream.ingestion.IngestionServer}.
 */
package io.clickstream.ingestion.collect;
