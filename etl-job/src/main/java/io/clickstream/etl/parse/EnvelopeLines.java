package io.clickstream.etl.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.clickstream.model.RawEnvelope;
import io.clickstream.model.RawEnvelopeCodec;
import java.io.IOException;

/**
 * Decodes raw envelope lines with the same rules as {@link RawEnvelopeCodec#decode}, but hands {@code data} on as a
 * slice of the line instead of re-serializing it: the ETL parses {@code data} again right away, so copying it token
 * by token through a generator (what the shared codec does, to give other readers compact text) was pure cost.
 */
final class EnvelopeLines {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private EnvelopeLines() {
    }

    /** @throws IllegalArgumentException when the line is not a valid envelope (same cases as the shared codec) */
    static RawEnvelope decode(String line) {
        String rid = null, appId = null, platform = null, ip = null, ua = null, uri = null, compression = null;
        String data = null;
        long ingestTime = -1;
        Long bundleSeq = null, uploadTs = null;
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("raw envelope is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "rid" -> rid = textOrNull(p, value);
                    case "ingest_time" -> ingestTime = value == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : -1;
                    case "app_id" -> appId = textOrNull(p, value);
                    case "platform" -> platform = textOrNull(p, value);
                    case "ip" -> ip = textOrNull(p, value);
                    case "ua" -> ua = textOrNull(p, value);
                    case "uri" -> uri = textOrNull(p, value);
                    case "compression" -> compression = textOrNull(p, value);
                    case "bundle_seq" -> bundleSeq = longOrNull(p, value);
                    case "upload_ts" -> uploadTs = longOrNull(p, value);
                    case "data" -> data = slice(p, line);
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new IllegalArgumentException("raw envelope has trailing content");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("raw envelope is not valid JSON: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
        }
        if (appId == null || data == null || ingestTime < 0) {
            throw new IllegalArgumentException("raw envelope lacks app_id, ingest_time or data");
        }
        return new RawEnvelope(rid, ingestTime, appId, platform, ip, ua, uri, compression, bundleSeq, uploadTs, data);
    }

    /** The text of the current value (skipped over, so the parser checks it is well-formed). */
    private static String slice(JsonParser p, String line) throws IOException {
        long start = p.currentTokenLocation().getCharOffset();
        p.skipChildren();
        long end = p.currentLocation().getCharOffset();
        if (start < 0 || end > line.length() || start >= end) {
            throw new IOException("cannot locate data in the line");
        }
        return line.substring((int) start, (int) end);
    }

    private static String textOrNull(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value.isStructStart()) {
            p.skipChildren();
            return null;
        }
        return p.getText();
    }

    private static Long longOrNull(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NUMBER_INT) {
            return p.getLongValue();
        }
        if (value.isStructStart()) {
            p.skipChildren();
        }
        return null;
    }
}
