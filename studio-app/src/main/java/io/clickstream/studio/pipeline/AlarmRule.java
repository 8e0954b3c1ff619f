package io.clickstream.studio.pipeline;

/**
 * One alarm of a pipeline as an operator set it.
 *
 * @param kind      what it watches
 * @param enabled   whether it is evaluated
 * @param threshold minutes or percent ({@link AlarmKind#unit()}); ignored for a kind without threshold
 */
public record AlarmRule(AlarmKind kind, boolean enabled, int threshold) {

    /** The rule a pipeline starts with: only "ETL failed" on, the others at their default thresholds. */
    public static AlarmRule defaultOf(AlarmKind kind) {
        return new AlarmRule(kind, kind == AlarmKind.ETL_FAILED, kind.defaultThreshold());
    }
}
