package io.clickstream.infra;

import io.clickstream.infra.ingestion.IngestionProps;
import io.clickstream.infra.lake.DataLakeStack;
import io.clickstream.infra.modeling.ModelingStack;
import io.clickstream.infra.monitoring.MonitoringStack;
import io.clickstream.infra.network.NetworkStack;
import io.clickstream.infra.processing.ProcessingStack;
import io.clickstream.infra.reporting.ReportingStack;
import io.clickstream.infra.studio.StudioProps;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one {@code cdk synth} deploys: the props of each stack, as read from a pipeline definition.
 *
 * @param name       the pipeline's name, the prefix of every stack ({@code clickstream-<name>-ingestion}, ...)
 * @param account    the AWS account, or null for an environment-agnostic synth
 * @param region     the AWS region
 * @param network    the VPC
 * @param lake       the lake bucket
 * @param ingestion  the collector fleet and its sink
 * @param processing the ETL
 * @param modeling   Glue, Athena and optionally Redshift
 * @param reporting  QuickSight, or null
 * @param studio     the studio, or null to deploy the pipeline alone (a studio of another deployment manages it)
 * @param monitoring the dashboard and alarms
 * @param tags       tags of every stack (and so of every resource that takes tags)
 * @param warnings   settings of the definition that this deployment cannot honour, shown by {@code cdk synth}
 */
public record Deployment(String name, String account, String region, NetworkStack.NetworkProps network,
                         DataLakeStack.DataLakeProps lake, IngestionProps ingestion,
                         ProcessingStack.ProcessingProps processing, ModelingStack.ModelingProps modeling,
                         ReportingStack.ReportingProps reporting, StudioProps studio,
                         MonitoringStack.MonitoringProps monitoring, Map<String, String> tags,
                         List<String> warnings) {

    public Deployment {
        if (name == null || !name.matches("[a-z][a-z0-9-]{0,30}")) {
            throw new IllegalArgumentException("a pipeline name for AWS is lower-case letters, digits and hyphens,"
                    + " starting with a letter, at most 31 characters; was '" + name + "'");
        }
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(lake, "lake");
        Objects.requireNonNull(ingestion, "ingestion");
        Objects.requireNonNull(processing, "processing");
        Objects.requireNonNull(modeling, "modeling");
        Objects.requireNonNull(monitoring, "monitoring");
        tags = Map.copyOf(tags == null ? Map.of() : tags);
        warnings = List.copyOf(warnings == null ? List.of() : warnings);
        if (reporting != null && reporting.engine() == ReportingStack.Engine.REDSHIFT && modeling.redshift() == null) {
            throw new IllegalArgumentException("QuickSight over Redshift needs Redshift in the modeling settings");
        }
        if ((modeling.redshift() != null || reporting != null) && modeling.appIds().isEmpty()) {
            throw new IllegalArgumentException("Redshift loads and QuickSight datasets read every app: list the"
                    + " pipeline's app ids with -c apps=app1,app2");
        }
        if (modeling.redshift() != null && network.existingVpcId() == null && network.maxAzs() < 3) {
            throw new IllegalArgumentException("Redshift Serverless needs subnets in three availability zones;"
                    + " the new VPC has " + network.maxAzs());
        }
    }

    /** The stack name prefix: {@code clickstream-<name>}. */
    public String prefix() {
        return "clickstream-" + name;
    }
}
