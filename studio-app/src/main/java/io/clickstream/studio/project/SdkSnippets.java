package io.clickstream.studio.project;

import io.clickstream.studio.base.CollectCommand;
import io.clickstream.studio.pipeline.PipelineEndpoints;
import org.springframework.stereotype.Component;

/**
 * Where an app sends its events, and copy-paste code for each SDK: the web SDK ({@code @aws/clickstream-web}),
 * Android, iOS and plain HTTP with curl. The endpoint is that of the pipeline serving the app's project: its own
 * pipeline's port on the studio's host name, else the default pipeline's ({@code clickstream.ingestion.public-url}
 * when set).
 */
@Component
public class SdkSnippets {

    /** A browser-like user agent: the ETL drops events whose user agent is an HTTP tool such as curl's own. */
    public static final String BROWSER_USER_AGENT = CollectCommand.BROWSER_USER_AGENT;

    private final PipelineEndpoints endpoints;

    SdkSnippets(PipelineEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    /**
     * The collect URL an app of the project posts to, e.g. {@code http://studio.local:8081/collect}: that of the
     * project's own pipeline, else the default pipeline's.
     */
    public String endpoint(String studioHost, String projectId) {
        return endpoints.collectUrlForProject(projectId, studioHost);
    }

    public String web(String appId, String endpoint) {
        return """
                // npm install @aws/clickstream-web
                import { ClickstreamAnalytics } from '@aws/clickstream-web';

                ClickstreamAnalytics.init({
                  appId: '%s',
                  endpoint: '%s',
                });

                ClickstreamAnalytics.record({
                  name: 'button_click',
                  attributes: { category: 'shoes' },
                });
                """.formatted(js(appId), js(endpoint));
    }

    public String android(String appId, String endpoint) {
        return """
                // build.gradle: implementation 'software.aws.solution:clickstream:0.15.0'
                import software.aws.solution.clickstream.ClickstreamAnalytics
                import software.aws.solution.clickstream.ClickstreamConfiguration

                // in Application.onCreate()
                ClickstreamAnalytics.init(
                    applicationContext,
                    ClickstreamConfiguration()
                        .withAppId("%s")
                        .withEndpoint("%s")
                )
                ClickstreamAnalytics.recordEvent("button_click")
                """.formatted(js(appId), js(endpoint));
    }

    public String ios(String appId, String endpoint) {
        return """
                // Swift Package Manager: https://github.com/awslabs/clickstream-swift
                import Clickstream

                // in application(_:didFinishLaunchingWithOptions:)
                let configuration = ClickstreamConfiguration()
                    .withAppId("%s")
                    .withEndpoint("%s")
                try ClickstreamAnalytics.initSDK(configuration)
                ClickstreamAnalytics.recordEvent("button_click")
                """.formatted(js(appId), js(endpoint));
    }

    /** A curl command sending one event; its {@code -A} keeps the ETL from filtering it as a bot. */
    public String curl(String appId, String endpoint) {
        return CollectCommand.curl(appId, endpoint);
    }

    private static String js(String value) {
        return value.replace("\\", "\\\\").replace("'", "\\'").replace("\"", "\\\"");
    }
}
