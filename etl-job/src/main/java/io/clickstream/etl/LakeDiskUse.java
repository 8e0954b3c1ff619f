package io.clickstream.etl;

import io.clickstream.etl.io.LakeFiles;
import io.clickstream.etl.io.S3Lakes;
import io.clickstream.model.LakeLayout;
import io.clickstream.model.ModeledTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * How much a lake holds on disk (or in its bucket), by area, for logs and the pipeline's monitoring. Measuring walks
 * every file of the lake, so callers measure now and then (the local runtime: at most hourly), not per pass.
 *
 * @param measuredAt      when it was measured
 * @param rawBytes        raw batches under {@code raw/}
 * @param rawFiles        their number
 * @param modeledBytes    bytes per modeled table ({@code event}, {@code session}, {@code user}, {@code item})
 * @param quarantineBytes {@code quarantine/}
 * @param otherBytes      the ETL's {@code _state/} and ingestion's in-progress {@code _ingest/} files
 */
public record LakeDiskUse(Instant measuredAt, long rawBytes, long rawFiles, Map<String, Long> modeledBytes,
                          long quarantineBytes, long otherBytes) {

    public LakeDiskUse {
        modeledBytes = Map.copyOf(modeledBytes);
    }

    /** Measures a lake (a directory or an {@code s3a://} URI); {@code conf} as the ETL's Hadoop settings. */
    public static LakeDiskUse measure(String lake, Configuration conf) {
        try {
            LakeFiles files = LakeFiles.open(S3Lakes.configure(conf, lake), lake);
            long[] raw = files.usage(LakeLayout.RAW);
            Map<String, Long> modeled = new LinkedHashMap<>();
            for (ModeledTables.Table t : List.of(ModeledTables.EVENT, ModeledTables.SESSION, ModeledTables.USER,
                    ModeledTables.ITEM)) {
                modeled.put(t.tableName(), files.usage(LakeLayout.MODELED + "/" + t.tableName())[0]);
            }
            long other = files.usage(LakeLayout.STATE)[0] + files.usage("_ingest")[0];
            return new LakeDiskUse(Instant.now(), raw[0], raw[1], modeled, files.usage(LakeLayout.QUARANTINE)[0],
                    other);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure the lake " + lake, e);
        }
    }

    public long modeledTotalBytes() {
        return modeledBytes.values().stream().mapToLong(Long::longValue).sum();
    }

    public long totalBytes() {
        return rawBytes + modeledTotalBytes() + quarantineBytes + otherBytes;
    }

    /** One line for a log: every area in MiB. */
    public String describe() {
        StringBuilder tables = new StringBuilder();
        modeledBytes.forEach((t, b) -> tables.append(tables.isEmpty() ? "" : ", ").append(t).append(' ').append(mib(b)));
        return String.format(Locale.ROOT, "%s in total: raw %s in %,d files, modeled %s (%s), quarantine %s, other %s",
                mib(totalBytes()), mib(rawBytes), rawFiles, mib(modeledTotalBytes()), tables, mib(quarantineBytes),
                mib(otherBytes));
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
