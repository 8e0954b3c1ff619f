package io.clickstream.studio.pipeline;

import io.clickstream.model.LakeLayout;
import io.clickstream.studio.explore.exec.DuckDbExecutor;
import io.clickstream.studio.explore.exec.QueryControl;
import io.clickstream.studio.explore.exec.ResultTable;
import io.clickstream.studio.explore.sql.BoundQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the lake's {@code quarantine/app_id=<app>/date=<day>/} partitions with the studio's embedded DuckDB (the
 * same executor as explorations: pooled, under the lake's commit read lock, paths bound as parameters).
 */
final class QuarantineReader {

    /** Raw texts longer than this are cut. */
    static final int RAW_CHARS = 4000;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final DuckDbExecutor duckDb;
    private final LakeLayout lake;

    QuarantineReader(DuckDbExecutor duckDb, LakeLayout lake) {
        this.duckDb = duckDb;
        this.lake = lake;
    }

    /** The quarantine of these apps: at most 50 reasons, each with its {@code samples} newest records. */
    QuarantineReport read(List<String> appIds, int samples) {
        List<String> paths = new ArrayList<>();
        for (String app : appIds) {
            Path dir = Path.of(lake.quarantineRoot(), "app_id=" + app);
            if (LakeLayout.isSafeSegment(app) && Files.isDirectory(dir)) {
                paths.add(dir + "/date=*/*.parquet");
            }
        }
        if (paths.isEmpty()) {
            return new QuarantineReport(List.of());
        }
        StringBuilder union = new StringBuilder();
        for (int i = 0; i < paths.size(); i++) {
            union.append(i == 0 ? "" : " UNION ALL ").append("SELECT reason, raw, app_id, epoch_ms(ingest_time) AS t "
                    + "FROM read_parquet(?, hive_partitioning = true, union_by_name = true, "
                    + "hive_types = {'app_id': VARCHAR, 'date': DATE})");
        }
        List<Object> parameters = new ArrayList<>(paths);
        ResultTable counts = duckDb.execute(new BoundQuery("SELECT reason, count(*) AS records, max(t) AS last_seen "
                + "FROM (" + union + ") GROUP BY reason ORDER BY records DESC, reason LIMIT 50", parameters),
                new QueryControl(TIMEOUT));
        List<Object> sampleParameters = new ArrayList<>(paths);
        sampleParameters.add(samples);
        ResultTable rows = duckDb.execute(new BoundQuery("SELECT reason, app_id, t, raw FROM (SELECT *, "
                + "row_number() OVER (PARTITION BY reason ORDER BY t DESC NULLS LAST) AS n FROM (" + union + ")) "
                + "WHERE n <= ? ORDER BY reason, t DESC NULLS LAST", sampleParameters), new QueryControl(TIMEOUT));
        Map<String, List<QuarantineReport.Sample>> byReason = new LinkedHashMap<>();
        for (List<Object> row : rows.rows()) {
            String raw = ResultTable.asString(row.get(3));
            if (raw != null && raw.length() > RAW_CHARS) {
                raw = raw.substring(0, RAW_CHARS) + " …";
            }
            byReason.computeIfAbsent(ResultTable.asString(row.get(0)), r -> new ArrayList<>())
                    .add(new QuarantineReport.Sample(ResultTable.asString(row.get(1)), instant(row.get(2)), raw));
        }
        List<QuarantineReport.Reason> reasons = new ArrayList<>();
        for (List<Object> row : counts.rows()) {
            String reason = ResultTable.asString(row.get(0));
            reasons.add(new QuarantineReport.Reason(reason, ResultTable.asLong(row.get(1)), instant(row.get(2)),
                    byReason.getOrDefault(reason, List.of())));
        }
        return new QuarantineReport(reasons);
    }

    private static Instant instant(Object epochMillis) {
        Long ms = ResultTable.asLong(epochMillis);
        return ms == null ? null : Instant.ofEpochMilli(ms);
    }
}
