package io.clickstream.infra;

import io.clickstream.infra.ingestion.IngestionStack;
import io.clickstream.infra.lake.DataLakeStack;
import io.clickstream.infra.modeling.ModelingStack;
import io.clickstream.infra.monitoring.MonitoringStack;
import io.clickstream.infra.network.NetworkStack;
import io.clickstream.infra.processing.ProcessingStack;
import io.clickstream.infra.reporting.ReportingStack;
import io.clickstream.infra.studio.StudioStack;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.constructs.Construct;

/**
 * The stacks of one deployment, wired together: each stack gets its typed props and the constructs of the stacks
 * it builds on.
 *
 * @param reporting null without QuickSight
 * @param studio    null without the studio
 */
public record ClickstreamStacks(NetworkStack network, DataLakeStack lake, IngestionStack ingestion,
                                ProcessingStack processing, ModelingStack modeling, ReportingStack reporting,
                                StudioStack studio, MonitoringStack monitoring) {

    /** Creates the stacks of {@code deployment} in {@code scope} (the CDK app). */
    public static ClickstreamStacks create(Construct scope, Deployment deployment) {
        Environment.Builder environment = Environment.builder().region(deployment.region());
        if (deployment.account() != null) {
            environment.account(deployment.account());
        }
        StackProps props = StackProps.builder().env(environment.build()).build();
        String prefix = deployment.prefix();
        DataLakeStack lake = new DataLakeStack(scope, prefix + "-lake", props, deployment.lake());
        NetworkStack network = new NetworkStack(scope, prefix + "-network", props, deployment.network(),
                lake.dataKey());
        IngestionStack ingestion = new IngestionStack(scope, prefix + "-ingestion", props, deployment.ingestion(),
                network, lake.lake(), lake.accessLogsBucket(), lake.dataKey());
        ProcessingStack processing = new ProcessingStack(scope, prefix + "-processing", props,
                deployment.processing(), lake.lake(), lake.dataKey());
        ModelingStack modeling = new ModelingStack(scope, prefix + "-modeling", props, deployment.modeling(),
                network, lake.lake(), lake.accessLogsBucket(), lake.dataKey());
        ReportingStack reporting = deployment.reporting() == null ? null
                : new ReportingStack(scope, prefix + "-reporting", props, deployment.reporting(), modeling,
                        network, lake.lake());
        StudioStack studio = deployment.studio() == null ? null
                : new StudioStack(scope, prefix + "-studio", props, deployment.studio(), network,
                        lake.lake(), lake.accessLogsBucket(), lake.dataKey(), modeling);
        MonitoringStack monitoring = new MonitoringStack(scope, prefix + "-monitoring", props,
                deployment.monitoring(), ingestion, processing, modeling, lake.dataKey());
        ClickstreamStacks stacks = new ClickstreamStacks(network, lake, ingestion, processing, modeling, reporting,
                studio, monitoring);
        for (Stack stack : stacks.all()) {
            Tags.of(stack).add("clickstream:pipeline", deployment.name());
            deployment.tags().forEach((key, value) -> Tags.of(stack).add(key, value));
        }
        for (String warning : deployment.warnings()) {
            Annotations.of(processing).addWarningV2("clickstream:definition", warning);
        }
        return stacks;
    }

    /** Every stack that exists, in dependency order. */
    public List<Stack> all() {
        List<Stack> all = new ArrayList<>(List.of(lake, network, ingestion, processing, modeling));
        if (reporting != null) {
            all.add(reporting);
        }
        if (studio != null) {
            all.add(studio);
        }
        all.add(monitoring);
        return all;
    }
}
