package io.clickstream.ingestion.collect;

import io.clickstream.ingestion.metrics.Rejection;
import io.clickstream.model.IngestionLimits;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.zip.GZIPInputStream;

/**
 * The per-thread scratch space of one request: the body as sent, its base64-decoded gzip bytes, and the decompressed
 * JSON. Reused across requests so that the hot path allocates almost nothing.
 */
final class RequestBody {

    private static final FastThreadLocal<RequestBody> PER_THREAD = new FastThreadLocal<>() {
        @Override
        protected RequestBody initialValue() {
            return new RequestBody();
        }
    };
    private static final byte[] BASE64 = new byte[256];
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    static {
        java.util.Arrays.fill(BASE64, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        for (int i = 0; i < alphabet.length(); i++) {
            BASE64[alphabet.charAt(i)] = (byte) i;
        }
        BASE64['+'] = BASE64['-'] = 62;
        BASE64['/'] = BASE64['_'] = 63;
    }

    private byte[] sent = new byte[16 * 1024];
    private int sentLength;
    private byte[] compressed = new byte[16 * 1024];
    private byte[] inflated = new byte[16 * 1024];
    /** Either {@code sent} (plain bodies) or {@code inflated} (gzip bodies). */
    private byte[] json;
    private int jsonLength;
    private final MessageDigest sha256;

    private RequestBody() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static RequestBody forThisThread() {
        return PER_THREAD.get();
    }

    /** Copies the body as sent out of Netty's buffer. */
    void receive(ByteBuf content) {
        sentLength = content.readableBytes();
        if (sent.length < sentLength) {
            sent = new byte[Math.max(sentLength, sent.length * 2)];
        }
        content.getBytes(content.readerIndex(), sent, 0, sentLength);
    }

    int sentLength() {
        return sentLength;
    }

    /** True when the first 8+ hex digits of the SHA-256 of the body as sent equal {@code expected}. */
    boolean hashMatches(String expected) {
        if (expected.length() < 8 || expected.length() > 64) {
            return false;
        }
        sha256.reset();
        sha256.update(sent, 0, sentLength);
        byte[] digest = sha256.digest();
        for (int i = 0; i < expected.length(); i++) {
            int b = digest[i >> 1] & 0xff;
            char c = HEX[(i & 1) == 0 ? b >>> 4 : b & 0x0f];
            if (c != Character.toLowerCase(expected.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Uses the body as sent as the JSON body. */
    void plain() {
        if (sentLength > IngestionLimits.MAX_BODY_BYTES) {
            throw tooLarge();
        }
        json = sent;
        jsonLength = sentLength;
    }

    /**
     * Decodes a {@code compression=gzip} body: base64 text of gzip bytes. Inflation stops as soon as the output
     * passes the protocol's limit, so a gzip bomb costs at most one mebibyte of work.
     */
    void base64Gzip() {
        int n = decodeBase64();
        if (inflated.length < IngestionLimits.MAX_BODY_BYTES + 1) {
            inflated = new byte[IngestionLimits.MAX_BODY_BYTES + 1];
        }
        int total = 0;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed, 0, n), 8192)) {
            int read;
            while (total <= IngestionLimits.MAX_BODY_BYTES
                    && (read = in.read(inflated, total, inflated.length - total)) > 0) {
                total += read;
            }
        } catch (IOException e) {
            throw new CollectRejection(400, Rejection.BAD_ENCODING,
                    "compression=gzip body is not valid gzip: " + e.getMessage());
        }
        if (total > IngestionLimits.MAX_BODY_BYTES) {
            throw tooLarge();
        }
        json = inflated;
        jsonLength = total;
    }

    private int decodeBase64() {
        if (compressed.length < sentLength) {
            compressed = new byte[Math.max(sentLength, compressed.length * 2)];
        }
        int out = 0;
        int bits = 0;
        int buffered = 0;
        int i = 0;
        for (; i < sentLength; i++) {
            int c = sent[i] & 0xff;
            if (c == '=') {
                break;
            }
            if (c == '\n' || c == '\r' || c == ' ' || c == '\t') {
                continue;
            }
            int v = BASE64[c];
            if (v < 0) {
                throw new CollectRejection(400, Rejection.BAD_ENCODING,
                        "compression=gzip body is not valid base64: unexpected byte 0x" + Integer.toHexString(c)
                                + " at offset " + i);
            }
            bits = bits << 6 | v;
            buffered += 6;
            if (buffered >= 8) {
                buffered -= 8;
                compressed[out++] = (byte) (bits >> buffered);
            }
        }
        for (; i < sentLength; i++) {
            int c = sent[i] & 0xff;
            if (c != '=' && c != '\n' && c != '\r' && c != ' ' && c != '\t') {
                throw new CollectRejection(400, Rejection.BAD_ENCODING,
                        "compression=gzip body is not valid base64: data after padding");
            }
        }
        if (out == 0) {
            throw new CollectRejection(400, Rejection.BAD_ENCODING, "compression=gzip body is empty");
        }
        return out;
    }

    byte[] json() {
        return json;
    }

    int jsonLength() {
        return jsonLength;
    }

    private static CollectRejection tooLarge() {
        return new CollectRejection(413, Rejection.TOO_LARGE,
                "body is larger than " + IngestionLimits.MAX_BODY_BYTES + " bytes after decompression");
    }
}
