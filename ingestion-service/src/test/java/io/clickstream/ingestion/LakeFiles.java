package io.clickstream.ingestion;

import io.clickstream.model.RawEnvelope;
import io.clickstream.model.RawEnvelopeCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** Reads what a test run left in a lake: finished raw batches and in-progress files. */
final class LakeFiles {

    private LakeFiles() {
    }

    /** Every finished raw batch file ({@code raw/app_id=...}/*.jsonl.gz). */
    static List<Path> rawBatches(Path lake) {
        Path raw = lake.resolve("raw");
        if (!Files.isDirectory(raw)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(raw)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every envelope in every finished raw batch, decoded with the shared codec. */
    static List<RawEnvelope> envelopes(Path lake) {
        List<RawEnvelope> envelopes = new ArrayList<>();
        for (Path file : rawBatches(lake)) {
            envelopes.addAll(envelopes(file, true));
        }
        return envelopes;
    }

    static List<RawEnvelope> envelopes(Path file, boolean strict) {
        List<RawEnvelope> envelopes = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                envelopes.add(RawEnvelopeCodec.decode(line));
            }
        } catch (IOException e) {
            if (strict) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return envelopes;
    }

    /** Files in the ingestion working area ({@code _ingest/}). */
    static List<Path> inProgress(Path lake) {
        Path dir = lake.resolve("_ingest");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
