package io.clickstream.ingestion.collect;

import io.netty.handler.codec.http.QueryStringDecoder;

/**
 * The query parameters of a collect request that the collector reads, taken from the request URI in one pass without
 * building a map of every parameter. Names and values are decoded as {@link QueryStringDecoder} decodes them
 * ({@code %XX}, {@code +} as space, {@code &} and {@code ;} as separators, the first occurrence of a name wins); the
 * percent-decoding only runs for a part that holds a {@code %} or {@code +}.
 */
final class CollectQuery {

    String appId;
    String platform;
    String hashCode;
    String compression;
    String bundleSequenceId;
    String uploadTimestamp;

    private CollectQuery() {
    }

    static CollectQuery parse(String uri) {
        CollectQuery query = new CollectQuery();
        int start = uri.indexOf('?');
        if (start < 0) {
            return query;
        }
        int length = uri.length();
        int pos = start + 1;
        while (pos < length) {
            int end = pos;
            int eq = -1;
            boolean encoded = false;
            char c;
            while (end < length && (c = uri.charAt(end)) != '&' && c != ';') {
                if (c == '=' && eq < 0) {
                    eq = end;
                } else if (c == '%' || c == '+') {
                    encoded = true;
                }
                end++;
            }
            if (end > pos) {
                int nameEnd = eq < 0 ? end : eq;
                String value = eq < 0 ? "" : uri.substring(eq + 1, end);
                query.offer(uri, pos, nameEnd, value, encoded);
            }
            pos = end + 1;
        }
        return query;
    }

    private void offer(String uri, int nameStart, int nameEnd, String value, boolean encoded) {
        String name;
        if (encoded) {
            name = QueryStringDecoder.decodeComponent(uri.substring(nameStart, nameEnd));
            value = QueryStringDecoder.decodeComponent(value);
        } else {
            name = null;
        }
        switch (name != null ? name : uri.substring(nameStart, nameEnd)) {
            case "appId" -> appId = appId == null ? value : appId;
            case "platform" -> platform = platform == null ? value : platform;
            case "hashCode" -> hashCode = hashCode == null ? value : hashCode;
            case "compression" -> compression = compression == null ? value : compression;
            case "event_bundle_sequence_id" -> bundleSequenceId = bundleSequenceId == null ? value : bundleSequenceId;
            case "upload_timestamp" -> uploadTimestamp = uploadTimestamp == null ? value : uploadTimestamp;
            default -> {
                // not read by the collector; kept in the envelope's uri
            }
        }
    }
}
