package io.clickstream.model;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where every kind of file lives in a lake, for a local directory ({@code /data/lake}) or an object store
 * ({@code s3://bucket/prefix}). Paths are plain strings joined with {@code /} so that the same layout serves
 * java.nio, Hadoop and the AWS SDK.
 */
public record LakeLayout(String root) {

    public static final String RAW = "raw";
    public static final String MODELED = "modeled";
    public static final String QUARANTINE = "quarantine";
    public static final String STATE = "_state";
    /** Suffix of a finished raw batch; anything else under {@code raw/} is not yet visible to readers. */
    public static final String RAW_SUFFIX = ".jsonl.gz";

    /**
     * How long after an hour ends a producer may still publish raw batches into that hour's partition. A batch
     * published later goes to the partition of the hour it is published in ({@link #rawPublishHour}), so that the
     * ETL can seal an hour once this long (plus a margin for clocks) has passed and never list it again.
     */
    public static final Duration RAW_LATE_LIMIT = Duration.ofMinutes(10);

    private static final long HOUR_MILLIS = 3_600_000L;
    private static final Pattern SAFE_SEGMENT = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    public LakeLayout {
        Objects.requireNonNull(root, "root");
        while (root.length() > 1 && root.endsWith("/")) {
            root = root.substring(0, root.length() - 1);
        }
    }

    /** True when an app id may be used as a path segment (and therefore as an app id at all). */
    public static boolean isSafeSegment(String value) {
        return value != null && SAFE_SEGMENT.matcher(value).matches() && !value.equals(".") && !value.equals("..");
    }

    public String rawRoot() {
        return root + "/" + RAW;
    }

    /** {@code raw/app_id=<app>/date=YYYY-MM-DD/hour=HH} */
    public String rawPartition(String appId, LocalDate date, int hour) {
        return rawRoot() + "/app_id=" + checked(appId) + "/date=" + date + "/hour=" + twoDigits(hour);
    }

    /** File name of a finished raw batch written by one ingestion node. */
    public static String rawFileName(String node, long sequence) {
        return checked(node) + "-" + String.format("%012d", sequence) + RAW_SUFFIX;
    }

    /**
     * The hour partition (hours since the epoch, UTC) that a batch opened in {@code batchHour} is published into at
     * {@code nowMillis}: its own hour until {@link #RAW_LATE_LIMIT} after that hour's end, the current hour after.
     */
    public static long rawPublishHour(long batchHour, long nowMillis) {
        long deadline = (batchHour + 1) * HOUR_MILLIS + RAW_LATE_LIMIT.toMillis();
        return nowMillis <= deadline ? batchHour : Math.floorDiv(nowMillis, HOUR_MILLIS);
    }

    public String modeledRoot() {
        return root + "/" + MODELED;
    }

    /** {@code modeled/<table>} : the root of one modeled table, partitioned by app_id and event_date. */
    public String modeledTable(ModeledTables.Table table) {
        return modeledRoot() + "/" + table.tableName();
    }

    /** {@code modeled/<table>/app_id=<app>/event_date=YYYY-MM-DD} */
    public String modeledPartition(ModeledTables.Table table, String appId, LocalDate eventDate) {
        return modeledTable(table) + "/app_id=" + checked(appId) + "/event_date=" + eventDate;
    }

    public String quarantineRoot() {
        return root + "/" + QUARANTINE;
    }

    /** {@code quarantine/app_id=<app>/date=YYYY-MM-DD} */
    public String quarantinePartition(String appId, LocalDate date) {
        return quarantineRoot() + "/app_id=" + checked(appId) + "/date=" + date;
    }

    /**
     * {@code _state/<name>}: the ETL's bookkeeping, read and written only by the ETL. {@code _state/raw-progress}
     * says which raw batches are modeled: per app, an hour through which every batch is (its raw partitions are
     * sealed, see {@link #RAW_LATE_LIMIT}), and the batches done in the later hours; {@code _state/commits/}
     * holds the commit records of passes not yet folded into it, {@code _state/runs/} a running pass's staging.
     */
    public String state(String name) {
        return root + "/" + STATE + "/" + checked(name);
    }

    private static String checked(String segment) {
        if (!isSafeSegment(segment)) {
            throw new IllegalArgumentException("not a safe path segment: '" + segment + "'");
        }
        return segment;
    }

    private static String twoDigits(int hour) {
        if (hour < 0 || hour > 23) {
            throw new IllegalArgumentException("hour out of range: " + hour);
        }
        return hour < 10 ? "0" + hour : Integer.toString(hour);
    }
}
