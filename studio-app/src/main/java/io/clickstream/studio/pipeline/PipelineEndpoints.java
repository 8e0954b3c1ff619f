package io.clickstream.studio.pipeline;

import io.clickstream.metadata.Versioned;
import io.clickstream.pipeline.definition.RuntimeMode;
import io.clickstream.pipeline.lifecycle.Pipeline;
import io.clickstream.pipeline.lifecycle.PipelineRepository;
import io.clickstream.pipeline.lifecycle.PipelineStatus;
import io.clickstream.studio.base.ClickstreamProperties;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Where SDKs send a pipeline's events: {@code http://<studio host>:<port><path>} for a local pipeline (the port it
 * actually listens on), {@code clickstream.ingestion.public-url} for the default pipeline when set, the stack's output
 * for an AWS one. Also which pipeline serves a project (its own, else the default), for the apps' snippets. Reads
 * only what any signed-in user may see of an app's endpoint, so it checks no role.
 */
public class PipelineEndpoints {

    private final PipelineRepository pipelines;
    private final ClickstreamProperties properties;

    PipelineEndpoints(PipelineRepository pipelines, ClickstreamProperties properties) {
        this.pipelines = pipelines;
        this.properties = properties;
    }

    /** The pipeline that serves a project's apps: its own (not deleted), else the studio-wide one. */
    public Optional<Pipeline> servingProject(String projectId) {
        Pipeline studioWide = null;
        for (Versioned<Pipeline> v : pipelines.list()) {
            Pipeline p = v.value();
            if (p.status() == PipelineStatus.DELETED) {
                continue;
            }
            if (projectId != null && projectId.equals(p.projectId())) {
                return Optional.of(p);
            }
            if (p.projectId() == null) {
                studioWide = p;
            }
        }
        return Optional.ofNullable(studioWide);
    }

    /** The collect URL of the pipeline serving a project, or of the embedded collector when there is none. */
    public String collectUrlForProject(String projectId, String studioHost) {
        return servingProject(projectId).map(p -> collectUrl(p, studioHost))
                .orElseGet(() -> local(studioHost, properties.ingestion().port(), "/collect"));
    }

    /** The collect URL of a pipeline, or null when it is not known (an AWS stack not deployed yet). */
    public String collectUrl(Pipeline p, String studioHost) {
        if (p.definition().runtime() == RuntimeMode.AWS) {
            return p.outputs().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("ingestionEndpoint"))
                    .map(java.util.Map.Entry::getValue).findFirst().orElse(null);
        }
        String path = p.definition().ingestion().path();
        URI publicUrl = properties.ingestion().publicUrl();
        if (p.projectId() == null && publicUrl != null) {
            String base = publicUrl.toString();
            return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
        }
        String port = p.outputs().get("ingestionPort");
        int definedPort = p.definition().ingestion().port();
        if (port == null && definedPort == 0) {
            return null;
        }
        return local(studioHost, port != null ? Integer.parseInt(port) : definedPort, path);
    }

    private static String local(String studioHost, int port, String path) {
        String host = studioHost == null || studioHost.isBlank() ? "localhost" : studioHost;
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return "http://" + Objects.requireNonNull(host) + ":" + port + path;
    }
}
