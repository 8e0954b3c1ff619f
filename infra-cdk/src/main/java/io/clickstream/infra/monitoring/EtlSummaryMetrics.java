package io.clickstream.infra.monitoring;

import java.util.List;
import software.amazon.awscdk.services.logs.FilterPattern;
import software.amazon.awscdk.services.logs.IFilterPattern;

/**
 * The ETL driver's summary line, which etl-job prints after every successful pass
 * ({@code etl run <id>: <n> raw files (<n> unreadable), <n> events written, <n> duplicates dropped, <n> filtered,
 * <n> quarantined, ...}), read as space-separated fields by CloudWatch Logs metric filters. A successful pass is the
 * only thing that prints it, so its count is also the count of successful passes.
 */
public final class EtlSummaryMetrics {

    /** The line's fields, in order; the named ones become metrics. */
    public static final List<String> FIELDS = List.of("etl", "run", "run_id", "raw_files", "w_raw", "w_files",
            "unreadable", "w_unreadable", "written", "w_events", "w_written", "duplicates", "w_duplicates",
            "w_dropped", "filtered", "w_filtered", "quarantined", "w_quarantined");

    private EtlSummaryMetrics() {
    }

    /** The pattern matching the summary line and naming its fields. */
    public static IFilterPattern pattern() {
        String[] columns = new String[FIELDS.size() + 1];
        FIELDS.toArray(columns);
        columns[FIELDS.size()] = "...";
        return FilterPattern.spaceDelimited(columns)
                .whereString("etl", "=", "etl")
                .whereString("run", "=", "run")
                .whereString("w_written", "=", "written,")
                .whereString("w_quarantined", "=", "quarantined,");
    }

    /** The value of {@code field} in {@code line}, read as the metric filter reads it, or null if it does not match. */
    static String field(String line, String field) {
        String[] tokens = line.trim().split(" +");
        if (tokens.length < FIELDS.size() || !tokens[0].equals("etl") || !tokens[1].equals("run")
                || !tokens[FIELDS.indexOf("w_written")].equals("written,")
                || !tokens[FIELDS.indexOf("w_quarantined")].equals("quarantined,")) {
            return null;
        }
        return tokens[FIELDS.indexOf(field)];
    }
}
