package io.clickstream.pipeline.demo;

/**
 * One session's events as the SDK would upload them in one request: the JSON array body and the request metadata
 * a real client would send with it.
 *
 * @param platform    {@code Web}, {@code Android} or {@code iOS}
 * @param userAgent   the HTTP User-Agent header of the client
 * @param gzip        whether the client compresses bodies ({@code compression=gzip}, as the mobile SDKs do)
 * @param bodyJson    the JSON array of events
 * @param eventCount  number of events in the body
 * @param firstEventMillis timestamp of the first event
 */
public record DemoVisit(String platform, String userAgent, boolean gzip, String bodyJson, int eventCount,
                        long firstEventMillis) {
}
