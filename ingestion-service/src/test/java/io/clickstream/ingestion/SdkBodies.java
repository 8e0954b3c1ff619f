package io.clickstream.ingestion;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.StringJoiner;
import java.util.zip.GZIPOutputStream;

/** Request bodies shaped like the ones the Clickstream SDKs send. */
final class SdkBodies {

    private SdkBodies() {
    }

    static String event(String appId, String eventId, String type) {
        return "{\"event_type\":\"" + type + "\",\"event_id\":\"" + eventId + "\",\"app_id\":\"" + appId
                + "\",\"timestamp\":1763784000000,\"unique_id\":\"u-1\",\"device_id\":\"d-1\",\"platform\":\"Web\","
                + "\"sdk_name\":\"aws-solution-clickstream-sdk\",\"sdk_version\":\"0.12.5\","
                + "\"attributes\":{\"_session_id\":\"s-1\",\"_page_url\":\"https://shop.example/cart\"},"
                + "\"user\":{\"_user_id\":{\"value\":\"42\",\"set_timestamp\":1763784000000}},"
                + "\"items\":[{\"id\":\"sku-1\",\"name\":\"Lamp\",\"price\":12.5,\"quantity\":1}]}";
    }

    /** A JSON array of events with ids {@code prefix-0 .. prefix-(count-1)}. */
    static String batch(String appId, String prefix, int count) {
        StringJoiner joiner = new StringJoiner(",", "[", "]");
        for (int i = 0; i < count; i++) {
            joiner.add(event(appId, prefix + "-" + i, i == 0 ? "_page_view" : "add_to_cart"));
        }
        return joiner.toString();
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** What the mobile SDKs send with {@code compression=gzip}: base64 text of the gzip bytes. */
    static String gzipBase64(String json) {
        return Base64.getEncoder().encodeToString(gzip(json.getBytes(StandardCharsets.UTF_8)));
    }
}
