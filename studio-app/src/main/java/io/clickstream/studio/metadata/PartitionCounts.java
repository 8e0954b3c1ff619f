package io.clickstream.studio.metadata;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * How much of each metadata item one lake partition holds (item sort key to events or users), stored with the
 * partition's file list so that a partition read again replaces its own share of the totals instead of adding it a
 * second time. Kept as gzip'd text in one attribute: an app with thousands of parameters stays far below the
 * 400 KB a DynamoDB item may hold.
 */
final class PartitionCounts {

    private PartitionCounts() {
    }

    static String encode(Map<String, Long> counts) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(counts).forEach((sk, count) -> text.append(sk).append('\t').append(count).append('\n'));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(text.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    static Map<String, Long> decode(String encoded) {
        Map<String, Long> counts = new TreeMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return counts;
        }
        String text;
        try (GZIPInputStream gzip = new GZIPInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(encoded)))) {
            text = new String(gzip.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("partition counts are not readable", e);
        }
        for (String line : text.split("\n")) {
            int tab = line.lastIndexOf('\t');
            if (tab > 0) {
                counts.put(line.substring(0, tab), Long.parseLong(line.substring(tab + 1)));
            }
        }
        return counts;
    }
}
