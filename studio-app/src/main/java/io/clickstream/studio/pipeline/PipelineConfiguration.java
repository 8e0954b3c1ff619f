package io.clickstream.studio.pipeline;

import io.clickstream.metadata.MetadataStore;
import io.clickstream.pipeline.definition.RuntimeMode;
import io.clickstream.pipeline.lifecycle.PipelineRepository;
import io.clickstream.pipeline.lifecycle.PipelineRuntime;
import io.clickstream.pipeline.lifecycle.PipelineService;
import io.clickstream.pipeline.local.LocalPipelineRuntime;
import io.clickstream.pipeline.local.PipelineTelemetry;
import io.clickstream.pipeline.validation.PipelineValidator;
import io.clickstream.pipeline.validation.PortProbe;
import io.clickstream.studio.base.ClickstreamProperties;
import io.clickstream.studio.explore.exec.DuckDbExecutor;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires pipelines: the engine's {@link PipelineService} over the metadata store with the runtimes this studio has
 * (the local runtime when {@code clickstream.runtime=local}, which it opens: the default pipeline is created or
 * resumed, the others resumed), the monitor sampling every {@code clickstream.pipelines.monitoring-interval}, and
 * the quarantine reader over the studio's DuckDB.
 */
@Configuration
class PipelineConfiguration {

    /** The product version steps deploy: the studio jar's version (unknown when run from classes). */
    static final String PRODUCT_VERSION = Optional.ofNullable(
            PipelineConfiguration.class.getPackage().getImplementationVersion()).orElse("development");

    @Bean
    PipelineRepository pipelineRepository(MetadataStore store) {
        return new PipelineRepository(store);
    }

    @Bean
    AlarmRepository alarmRepository(MetadataStore store) {
        return new AlarmRepository(store);
    }

    @Bean
    PipelineService pipelineService(PipelineRepository repository, ClickstreamProperties properties,
                                    ObjectProvider<LocalPipelineRuntime> local, Clock clock) {
        LocalPipelineRuntime runtime = local.getIfAvailable();
        Map<RuntimeMode, PipelineRuntime> runtimes = runtime == null ? Map.of() : Map.of(RuntimeMode.LOCAL, runtime);
        PipelineService service = new PipelineService(repository, new PipelineValidator(), runtimes,
                properties.dataDir(), PortProbe.system(), PRODUCT_VERSION, clock);
        if (runtime != null) {
            runtime.open(service);
        }
        return service;
    }

    @Bean
    PipelineEndpoints pipelineEndpoints(PipelineRepository repository, ClickstreamProperties properties) {
        return new PipelineEndpoints(repository, properties);
    }

    @Bean(destroyMethod = "close")
    PipelineMonitor pipelineMonitor(ObjectProvider<LocalPipelineRuntime> local, PipelineRepository repository,
                                    AlarmRepository alarms, MeterRegistry meters, Clock clock,
                                    @Value("${clickstream.pipelines.monitoring-interval:5s}")
                                    java.time.Duration interval) {
        LocalPipelineRuntime runtime = local.getIfAvailable();
        return new PipelineMonitor(() -> {
            if (runtime == null) {
                return List.of();
            }
            List<PipelineTelemetry> all = new ArrayList<>();
            for (String id : runtime.runningPipelines()) {
                runtime.telemetry(id).ifPresent(all::add);
            }
            return all;
        }, runtime == null ? null : () -> {
            io.clickstream.etl.LakeDiskUse use = runtime.lakeDiskUse();
            return new MonitoringSnapshot.LakeUse(use.measuredAt(), use.rawBytes(), use.modeledTotalBytes(),
                    use.quarantineBytes(), use.totalBytes());
        }, repository, alarms, meters, clock, interval);
    }

    /** Sampling starts with the studio ready, so that the first sample never slows the startup. */
    @Bean
    ApplicationListener<ApplicationReadyEvent> pipelineMonitorStart(PipelineMonitor monitor) {
        return event -> monitor.start();
    }

    @Bean
    QuarantineReader quarantineReader(DuckDbExecutor duckDb, ClickstreamProperties properties) {
        return new QuarantineReader(duckDb, properties.lakeLayout());
    }
}
