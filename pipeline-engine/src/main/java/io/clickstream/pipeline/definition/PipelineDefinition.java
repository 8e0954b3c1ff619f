package io.clickstream.pipeline.definition;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;
import java.util.TreeMap;

/**
 * A pipeline as a user defines it: everything from the collect endpoint to the dashboards, for the local runtime or
 * an AWS deployment. Every section and field a user leaves out gets its default, so
 * {@code {"name":"edge","ingestion":{"port":18090}}} is a complete local pipeline. Defaults that depend on the runtime
 * (sink type, ETL schedule, DuckDB) are filled here, once the runtime is known. The records never reject a value:
 * {@code io.clickstream.pipeline.validation.PipelineValidator} checks them, field by field, before anything runs.
 *
 * @param name        the pipeline's name, unique in its studio: 1-40 lower-case letters, digits or '-', starting with a
 *                    letter (it prefixes the AWS resources and stacks, e.g. {@code clickstream-<name>-ingestion})
 * @param description free text shown in the studio; may be null
 * @param runtime     {@code local} (default) or {@code aws}
 * @param region      AWS region of every resource, e.g. {@code eu-west-1}; required for {@code aws}, null locally
 * @param tags        tags put on every AWS resource; empty by default
 * @param network     AWS network; a new VPC by default
 * @param lake        where the lake lives: a local directory, or an S3 bucket and prefix
 * @param ingestion   the collector: endpoint, CORS, auth, sink, and its AWS fleet
 * @param processing  the ETL: schedule, plugins, bot filter, privacy rules, GeoIP, raw retention
 * @param modeling    the query engines over the modeled tables: DuckDB locally, Athena and/or Redshift Serverless on AWS
 * @param reporting   built-in dashboards and QuickSight
 */
@JsonPropertyOrder({"name", "description", "runtime", "region", "tags", "network", "lake", "ingestion", "processing",
        "modeling", "reporting"})
public record PipelineDefinition(
        String name,
        String description,
        RuntimeMode runtime,
        String region,
        Map<String, String> tags,
        NetworkDefinition network,
        LakeDefinition lake,
        IngestionDefinition ingestion,
        ProcessingDefinition processing,
        ModelingDefinition modeling,
        ReportingDefinition reporting) {

    public PipelineDefinition {
        runtime = runtime == null ? RuntimeMode.LOCAL : runtime;
        tags = tags == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(tags));
        network = network == null ? NetworkDefinition.defaults() : network;
        lake = lake == null ? LakeDefinition.defaults() : lake;
        ingestion = (ingestion == null ? IngestionDefinition.defaults() : ingestion).resolvedFor(runtime);
        processing = (processing == null ? ProcessingDefinition.defaults() : processing).resolvedFor(runtime);
        modeling = (modeling == null ? ModelingDefinition.defaults() : modeling).resolvedFor(runtime);
        reporting = reporting == null ? ReportingDefinition.defaults() : reporting;
    }

    /** A local pipeline with every default: its ingestion on {@code port}. */
    public static PipelineDefinition local(String name, int port) {
        return new PipelineDefinition(name, null, RuntimeMode.LOCAL, null, null, null, null,
                IngestionDefinition.defaults().withPort(port), null, null, null);
    }

    /** This definition with another ingestion section (everything else kept). */
    public PipelineDefinition withIngestion(IngestionDefinition newIngestion) {
        return new PipelineDefinition(name, description, runtime, region, tags, network, lake, newIngestion,
                processing, modeling, reporting);
    }

    /** This definition with another processing section (everything else kept). */
    public PipelineDefinition withProcessing(ProcessingDefinition newProcessing) {
        return new PipelineDefinition(name, description, runtime, region, tags, network, lake, ingestion,
                newProcessing, modeling, reporting);
    }

    /** This definition with another modeling section (everything else kept). */
    public PipelineDefinition withModeling(ModelingDefinition newModeling) {
        return new PipelineDefinition(name, description, runtime, region, tags, network, lake, ingestion,
                processing, newModeling, reporting);
    }
}
