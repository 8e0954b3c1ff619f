package io.clickstream.model;

/**
 * One accepted {@code POST /collect} request as a sink stores it: request metadata plus the decompressed body,
 * embedded verbatim as JSON text in {@code data}. Serialized by {@link RawEnvelopeCodec} as one JSON line.
 *
 * @param rid         request id, unique per ingestion node
 * @param ingestTime  epoch millis when the request was accepted
 * @param appId       the {@code appId} query parameter
 * @param platform    the {@code platform} query parameter, may be null
 * @param ip          client IP (after trusted-proxy handling, possibly anonymized), may be null
 * @param ua          the {@code User-Agent} header, may be null
 * @param uri         the request URI as received (path and query)
 * @param compression the {@code compression} query parameter as sent ({@code gzip} or null); {@code data} is
 *                    always decompressed
 * @param bundleSeq   the {@code event_bundle_sequence_id} query parameter, or null
 * @param uploadTs    the {@code upload_timestamp} query parameter (client clock, epoch millis), or null
 * @param data        the request body as JSON text: an array of events or a single event object
 */
public record RawEnvelope(
        String rid,
        long ingestTime,
        String appId,
        String platform,
        String ip,
        String ua,
        String uri,
        String compression,
        Long bundleSeq,
        Long uploadTs,
        String data) {
}
