package io.clickstream.pipeline.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The stacks of a CDK synth output ({@code cdk.out/}), in the order they deploy: from {@code manifest.json}'s stack
 * artifacts and their dependencies (assets and other artifacts are not stacks), or, without a manifest, every
 * {@code *.template.json} by name. Deleting goes in the reverse order.
 *
 * @param directory the {@code cdk.out} directory
 * @param stacks    stacks, each after the stacks it depends on
 */
public record CloudAssembly(Path directory, List<Stack> stacks) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One stack to deploy.
     *
     * @param stackName    the CloudFormation stack name (the manifest's {@code stackName}, else the artifact id)
     * @param templateFile the synthesized template
     */
    public record Stack(String stackName, Path templateFile) {

        /** The template's parameter names, so only declared parameters are passed. */
        public Set<String> parameterNames() {
            try {
                JsonNode parameters = JSON.readTree(templateFile.toFile()).path("Parameters");
                Set<String> names = new LinkedHashSet<>();
                parameters.fieldNames().forEachRemaining(names::add);
                return names;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the template " + templateFile, e);
            }
        }
    }

    public CloudAssembly {
        stacks = List.copyOf(stacks);
    }

    /** Reads a synth output directory. */
    public static CloudAssembly read(Path directory) {
        Path manifest = directory.resolve("manifest.json");
        try {
            if (!Files.exists(manifest)) {
                try (Stream<Path> files = Files.list(directory)) {
                    List<Stack> stacks = files.filter(f -> f.getFileName().toString().endsWith(".template.json"))
                            .sorted().map(f -> new Stack(f.getFileName().toString()
                                    .replace(".template.json", ""), f)).toList();
                    return checked(directory, stacks);
                }
            }
            return checked(directory, fromManifest(directory, JSON.readTree(manifest.toFile())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CDK output " + directory + ": " + e.getMessage(), e);
        }
    }

    private static CloudAssembly checked(Path directory, List<Stack> stacks) {
        if (stacks.isEmpty()) {
            throw new IllegalArgumentException("the CDK output " + directory + " holds no stack template");
        }
        for (Stack stack : stacks) {
            if (!Files.isRegularFile(stack.templateFile())) {
                throw new IllegalArgumentException("the CDK output lacks the template " + stack.templateFile());
            }
        }
        return new CloudAssembly(directory, stacks);
    }

    private static List<Stack> fromManifest(Path directory, JsonNode manifest) {
        Map<String, Stack> byId = new LinkedHashMap<>();
        Map<String, List<String>> dependsOn = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> artifacts = manifest.path("artifacts").fields();
        while (artifacts.hasNext()) {
            Map.Entry<String, JsonNode> artifact = artifacts.next();
            JsonNode a = artifact.getValue();
            if (!"aws:cloudformation:stack".equals(a.path("type").asText())) {
                continue;
            }
            JsonNode properties = a.path("properties");
            String name = properties.path("stackName").asText(artifact.getKey());
            byId.put(artifact.getKey(), new Stack(name, directory.resolve(properties.path("templateFile").asText())));
            List<String> deps = new ArrayList<>();
            a.path("dependencies").forEach(d -> deps.add(d.asText()));
            dependsOn.put(artifact.getKey(), deps);
        }
        List<Stack> ordered = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        for (String id : byId.keySet()) {
            visit(id, byId, dependsOn, done, new LinkedHashSet<>(), ordered);
        }
        return ordered;
    }

    private static void visit(String id, Map<String, Stack> byId, Map<String, List<String>> dependsOn, Set<String> done,
                              Set<String> path, List<Stack> ordered) {
        if (done.contains(id) || !byId.containsKey(id)) {
            return; // done already, or an asset manifest rather than a stack
        }
        if (!path.add(id)) {
            throw new IllegalArgumentException("the CDK output's stacks depend on each other in a cycle: " + path);
        }
        for (String dep : dependsOn.get(id)) {
            visit(dep, byId, dependsOn, done, path, ordered);
        }
        path.remove(id);
        done.add(id);
        ordered.add(byId.get(id));
    }
}
