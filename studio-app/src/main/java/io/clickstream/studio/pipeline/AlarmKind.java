package io.clickstream.studio.pipeline;

import java.util.Locale;

/**
 * What an alarm of a pipeline watches, with the unit and range of its threshold and the default an operator starts
 * from. Evaluated on the server by {@link PipelineMonitor} at every sample.
 */
public enum AlarmKind {
    /** No event accepted by the pipeline's ingestion for N minutes. */
    NO_DATA("No data", "minutes", 1, 1440, 15),
    /** The last ETL pass failed (no threshold). */
    ETL_FAILED("ETL failed", null, 0, 0, 0),
    /** The oldest raw batch not yet modeled is older than N minutes. */
    ETL_LAG("ETL lag", "minutes", 1, 1440, 10),
    /** Over N % of the records of the last hour's ETL passes were quarantined. */
    QUARANTINE_RATE("Quarantine rate", "%", 1, 100, 5);

    private final String label;
    private final String unit;
    private final int min;
    private final int max;
    private final int defaultThreshold;

    AlarmKind(String label, String unit, int min, int max, int defaultThreshold) {
        this.label = label;
        this.unit = unit;
        this.min = min;
        this.max = max;
        this.defaultThreshold = defaultThreshold;
    }

    public String label() {
        return label;
    }

    /** The threshold's unit, null for an alarm without threshold. */
    public String unit() {
        return unit;
    }

    public boolean hasThreshold() {
        return unit != null;
    }

    public int min() {
        return min;
    }

    public int max() {
        return max;
    }

    public int defaultThreshold() {
        return defaultThreshold;
    }

    /** The API's and the metrics' name: {@code noData}, {@code etlFailed}, ... */
    public String id() {
        String[] words = name().toLowerCase(Locale.ROOT).split("_");
        StringBuilder id = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
            id.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        }
        return id.toString();
    }

    /** The kind of an {@link #id()}, or null. */
    public static AlarmKind ofId(String id) {
        for (AlarmKind kind : values()) {
            if (kind.id().equals(id)) {
                return kind;
            }
        }
        return null;
    }
}
