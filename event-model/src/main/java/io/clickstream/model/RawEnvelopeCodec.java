package io.clickstream.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes and reads raw envelopes as single JSON lines:
 * {@code {"rid","ingest_time","app_id","platform","ip","ua","uri","compression","bundle_seq","upload_ts","data":[...]}}.
 * The body is embedded verbatim; CR and LF bytes are replaced by spaces, which is safe because inside valid JSON
 * they can only be insignificant whitespace.
 */
public final class RawEnvelopeCodec {

    static final JsonFactory JSON = JsonFactory.builder().build();
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private RawEnvelopeCodec() {
    }

    /** Encodes one envelope as a line ending in {@code \n}. */
    public static byte[] encode(RawEnvelope envelope) {
        byte[] body = envelope.data().getBytes(StandardCharsets.UTF_8);
        return encodeLine(envelope, body, 0, body.length, true);
    }

    /**
     * One envelope line, as a new array of exactly its length, whose {@code data} is the given UTF-8 JSON body (the
     * envelope's own {@code data} field is ignored). This is the ingestion hot path: the body is copied once, into
     * the line, and never decoded to text. A caller that has already seen every byte of the body (a validating scan)
     * and found no CR or LF passes {@code mayHoldLineBreaks = false}, and the body is copied without looking for them
     * again.
     */
    public static byte[] encodeLine(RawEnvelope meta, byte[] body, int offset, int length, boolean mayHoldLineBreaks) {
        Head head = new Head()
                .ascii("{\"rid\":").string(meta.rid())
                .ascii(",\"ingest_time\":").ascii(Long.toString(meta.ingestTime()))
                .ascii(",\"app_id\":").string(meta.appId())
                .ascii(",\"platform\":").string(meta.platform())
                .ascii(",\"ip\":").string(meta.ip())
                .ascii(",\"ua\":").string(meta.ua())
                .ascii(",\"uri\":").string(meta.uri())
                .ascii(",\"compression\":").string(meta.compression())
                .ascii(",\"bundle_seq\":").ascii(String.valueOf(meta.bundleSeq()))
                .ascii(",\"upload_ts\":").ascii(String.valueOf(meta.uploadTs()))
                .ascii(",\"data\":");
        int headLength = head.count;
        byte[] line = new byte[headLength + length + 2];
        System.arraycopy(head.bytes, 0, line, 0, headLength);
        System.arraycopy(body, offset, line, headLength, length);
        if (mayHoldLineBreaks) {
            // A CR or LF in valid JSON is whitespace between tokens: a space keeps the line one line, same length.
            int end = headLength + length;
            int lineBreak = headLength;
            while ((lineBreak = indexOfLineBreak(line, lineBreak, end)) >= 0) {
                line[lineBreak++] = ' ';
            }
        }
        line[line.length - 2] = '}';
        line[line.length - 1] = '\n';
        return line;
    }

    /** The index of the first CR or LF in {@code b[from, end)}, or -1; eight bytes per step, as this runs per request. */
    static int indexOfLineBreak(byte[] b, int from, int end) {
        int i = from;
        while (i + 8 <= end) {
            long w = (long) LONGS.get(b, i);
            long lf = w ^ 0x0a0a0a0a0a0a0a0aL;
            long cr = w ^ 0x0d0d0d0d0d0d0d0dL;
            // Non-zero exactly when some byte of lf or cr is zero, i.e. some byte of w is LF or CR.
            if (((((lf - 0x0101010101010101L) & ~lf) | ((cr - 0x0101010101010101L) & ~cr)) & 0x8080808080808080L) != 0) {
                break;
            }
            i += 8;
        }
        for (; i < end; i++) {
            if (b[i] == '\n' || b[i] == '\r') {
                return i;
            }
        }
        return -1;
    }

    /**
     * Decodes one envelope line. {@code data} comes back as compact JSON text equivalent to the body that was sent.
     *
     * @throws IllegalArgumentException when the line is not a valid envelope
     */
    public static RawEnvelope decode(String line) {
        try (JsonParser p = JSON.createParser(line)) {
            return decode(p, SourceText.of(line), null);
        } catch (IOException e) {
            throw notJson(e);
        }
    }

    /** An envelope line decoded together with its events; the envelope's {@code data} is null. */
    public record DecodedLine(RawEnvelope envelope, List<ParsedEvent> events) {
    }

    /**
     * Decodes one envelope line like {@link #decode}, with the same checks, and its events in the same pass over
     * the line, as {@link SdkEventCodec#decodeBatch} would decode {@code data}: for readers that want the events
     * (the ETL), which would otherwise tokenize {@code data} twice. The raw text of a bad event is cut from the line.
     *
     * @throws IllegalArgumentException when the line is not a valid envelope
     */
    public static DecodedLine decodeWithEvents(String line) {
        List<ParsedEvent> events = new ArrayList<>();
        try (JsonParser p = JSON.createParser(line)) {
            return new DecodedLine(decode(p, SourceText.of(line), events), events);
        } catch (IOException e) {
            throw notJson(e);
        }
    }

    /**
     * {@link #decodeWithEvents(String)} for a line given as UTF-8 bytes ({@code length} bytes from {@code offset}),
     * which the parser reads without first turning them into text. Input that is not valid UTF-8 is refused like
     * invalid JSON; a caller that wants it decoded with replacement characters, as the text variant does, can retry
     * with the text.
     */
    public static DecodedLine decodeWithEvents(byte[] line, int offset, int length) {
        List<ParsedEvent> events = new ArrayList<>();
        try (JsonParser p = JSON.createParser(line, offset, length)) {
            return new DecodedLine(decode(p, SourceText.of(line, offset, length), events), events);
        } catch (IOException e) {
            throw notJson(e);
        }
    }

    /** With {@code events} null, {@code data} is kept as text; otherwise its events are decoded into the list. */
    private static RawEnvelope decode(JsonParser p, SourceText line, List<ParsedEvent> events) throws IOException {
        String rid = null, appId = null, platform = null, ip = null, ua = null, uri = null, compression = null;
        String data = null;
        boolean hasData = false;
        long ingestTime = -1;
        Long bundleSeq = null, uploadTs = null;
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
                case "data" -> {
                    hasData = true;
                    if (events == null) {
                        data = copyStructure(p);
                    } else {
                        events.clear();
                        SdkEventCodec.decodeValue(p, value, line, events);
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
            throw new IllegalArgumentException("raw envelope has trailing content");
        }
        if (appId == null || !hasData || ingestTime < 0) {
            throw new IllegalArgumentException("raw envelope lacks app_id, ingest_time or data");
        }
        return new RawEnvelope(rid, ingestTime, appId, platform, ip, ua, uri, compression, bundleSeq, uploadTs, data);
    }

    private static IllegalArgumentException notJson(IOException e) {
        return new IllegalArgumentException("raw envelope is not valid JSON: "
                + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
    }

    static String copyStructure(JsonParser p) throws IOException {
        StringWriter text = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(text)) {
            g.copyCurrentStructure(p);
        }
        return text.toString();
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

    /** The envelope's fields before its body; unsynchronized, unlike ByteArrayOutputStream, as it runs per request. */
    private static final class Head {
        byte[] bytes = new byte[512];
        int count;

        private void ensure(int more) {
            if (bytes.length - count < more) {
                bytes = Arrays.copyOf(bytes, Math.max(count + more, count * 2));
            }
        }

        /** Characters below 0x80, one byte each (the low byte of each char: exact for ASCII, and a plain copy). */
        @SuppressWarnings("deprecation")
        Head ascii(String ascii) {
            int length = ascii.length();
            ensure(length);
            ascii.getBytes(0, length, bytes, count);
            count += length;
            return this;
        }

        /** A JSON string, or {@code null}. */
        Head string(String value) {
            if (value == null) {
                return ascii("null");
            }
            if (plainAscii(value)) {
                // The common case (ids, addresses, user agents, URIs): the characters are the bytes, nothing to escape.
                ensure(value.length() + 2);
                bytes[count++] = '"';
                ascii(value);
            } else {
                byte[] escaped = JsonStringEncoder.getInstance().quoteAsUTF8(value);
                ensure(escaped.length + 2);
                bytes[count++] = '"';
                System.arraycopy(escaped, 0, bytes, count, escaped.length);
                count += escaped.length;
            }
            bytes[count++] = '"';
            return this;
        }

        /** True when every character is printable ASCII other than the quote and the backslash. */
        private static boolean plainAscii(String value) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                    return false;
                }
            }
            return true;
        }
    }
}
