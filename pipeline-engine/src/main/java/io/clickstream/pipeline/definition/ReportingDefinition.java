package io.clickstream.pipeline.definition;

/**
 * How a pipeline's data is shown besides explorations.
 *
 * @param builtInDashboards the studio's own dashboards (acquisition, engagement, retention, devices, realtime,
 *                          details) over the pipeline's tables; default true
 * @param quickSight        Amazon QuickSight dashboards (AWS only), embedded in the studio
 */
public record ReportingDefinition(Boolean builtInDashboards, QuickSight quickSight) {

    public ReportingDefinition {
        builtInDashboards = builtInDashboards == null || builtInDashboards;
        quickSight = quickSight == null ? QuickSight.disabled() : quickSight;
    }

    /** Built-in dashboards, no QuickSight. */
    public static ReportingDefinition defaults() {
        return new ReportingDefinition(null, null);
    }

    /**
     * QuickSight reporting: the deployment creates a data source over the pipeline's Athena or Redshift, data sets
     * and an analysis, shared with {@code principalArn}. The account must already be subscribed to QuickSight
     * Enterprise edition.
     *
     * @param enabled      default false
     * @param principalArn the QuickSight user or group that owns the dashboards
     *                     ({@code arn:aws:quicksight:<region>:<account>:user/<namespace>/<name>} or {@code .../group/...})
     * @param namespace    the QuickSight namespace, default {@code default}
     */
    public record QuickSight(Boolean enabled, String principalArn, String namespace) {

        public static final String DEFAULT_NAMESPACE = "default";

        public QuickSight {
            enabled = enabled != null && enabled;
            namespace = namespace == null ? DEFAULT_NAMESPACE : namespace;
        }

        /** Off. */
        public static QuickSight disabled() {
            return new QuickSight(false, null, null);
        }
    }
}
