package io.clickstream.studio.pipeline.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.vaadin.flow.component.AbstractField;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import io.clickstream.metadata.projects.ProjectRecord;
import io.clickstream.pipeline.definition.PipelineDefinition;
import io.clickstream.pipeline.definition.PipelineDefinitionCodec;
import io.clickstream.studio.base.FieldMessage;
import io.clickstream.studio.pipeline.PipelineAdminService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The fields of a pipeline definition, in the wizard's four steps (basic, ingestion, processing, reporting). The form
 * edits a JSON tree of the definition: each field is bound to its path ({@code ingestion.port}), so a definition read
 * from YAML keeps the fields the form does not show, and the messages of validation name the same paths as the
 * fields. Errors go next to the field with the longest matching path, or under the step's title.
 */
final class DefinitionForm {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    final Select<ProjectRecord> project = new Select<>();
    final TextField name = new TextField("Name");
    final TextArea description = new TextArea("Description");
    final Select<String> runtime = new Select<>();
    final TextField region = new TextField("AWS region");

    final IntegerField port = new IntegerField("Port");
    final TextField host = new TextField("Interface");
    final TextField path = new TextField("Path");
    final TextArea allowedOrigins = new TextArea("Allowed origins");
    final TextArea trustedProxies = new TextArea("Trusted proxies");
    final TextField authIssuer = new TextField("OIDC issuer");
    final TextField authAudience = new TextField("Audience");
    final Select<String> sinkType = new Select<>();
    final IntegerField batchSize = new IntegerField("Batch size (MiB)");
    final IntegerField batchInterval = new IntegerField("Batch interval (seconds)");
    final TextField kafkaServers = new TextField("Kafka bootstrap servers");
    final TextField kafkaTopic = new TextField("Kafka topic");

    final TextField schedule = new TextField("ETL schedule");
    final Checkbox botFilter = new Checkbox("Drop bots, crawlers and HTTP tools");
    final Checkbox anonymizeIp = new Checkbox("Anonymize IP addresses");
    final TextField piiHash = new TextField("Attributes to hash (SHA-256)");
    final TextField piiDrop = new TextField("Attributes to drop");
    final TextField geoip = new TextField("GeoIP database (.mmdb)");
    final IntegerField rawRetention = new IntegerField("Keep raw batches (days)");
    final IntegerField sessionTimeout = new IntegerField("Session timeout (minutes)");
    final TextArea plugins = new TextArea("Plugins");

    final Checkbox duckdb = new Checkbox("DuckDB over the local lake");
    final Checkbox athena = new Checkbox("Athena (AWS)");
    final Checkbox redshift = new Checkbox("Redshift Serverless (AWS)");
    final Checkbox builtInDashboards = new Checkbox("Built-in dashboards");
    final Checkbox quickSight = new Checkbox("QuickSight dashboards (AWS)");
    final TextField quickSightPrincipal = new TextField("QuickSight owner (principal ARN)");

    /** The steps' contents, in order: basic, ingestion, processing, reporting. */
    final Map<String, Div> steps = new LinkedHashMap<>();
    /** Messages of a step that belong to no field of the form. */
    final Map<String, Paragraph> stepErrors = new LinkedHashMap<>();

    private final List<Binding> bindings = new ArrayList<>();
    private final Map<String, HasValidation> fields = new LinkedHashMap<>();
    /** The definition as last read or imported: what the form does not show is kept from it. */
    private ObjectNode base = NODES.objectNode();

    /** One field bound to a path of the definition's JSON tree. */
    private record Binding(String path, Runnable clear, java.util.function.Consumer<JsonNode> read,
                           Function<JsonNode, JsonNode> write) {
    }

    DefinitionForm(boolean editing) {
        project.setLabel("Project");
        project.setItemLabelGenerator(p -> p.name() + " (" + p.id() + ")");
        project.setHelperText("The pipeline serves this project's apps; the others stay on the default pipeline");
        project.setEmptySelectionAllowed(false);
        project.setReadOnly(editing);
        name.setHelperText("1-40 lower-case letters, digits or '-'; it cannot change later");
        name.setReadOnly(editing);
        runtime.setLabel("Runtime");
        runtime.setItems("local", "aws");
        runtime.setItemLabelGenerator(r -> r.equals("local") ? "Local (inside this studio)" : "AWS (CloudFormation)");
        runtime.setReadOnly(editing);
        runtime.addValueChangeListener(e -> {
            if (e.isFromClient()) {
                runtimeChanged(e.getValue());
            }
            showRuntimeFields(e.getValue());
        });
        region.setHelperText("e.g. eu-west-1");
        port.setHelperText("The collector listens here; SDKs post to http://<studio host>:<port><path>");
        port.setStepButtonsVisible(false);
        host.setHelperText("0.0.0.0 listens on every interface");
        allowedOrigins.setHelperText("Web origins allowed for every app of the pipeline, one per line "
                + "(https://shop.example.com); each app's own are allowed too");
        trustedProxies.setHelperText("Addresses or CIDR ranges whose X-Forwarded-For is believed, one per line");
        authIssuer.setHelperText("Require a bearer JWT from this OIDC issuer on every request (empty: no token)");
        sinkType.setLabel("Sink");
        sinkType.setItems("local", "kafka", "s3", "kinesis");
        sinkType.setHelperText("Where requests are made durable before the 200: local lake files here");
        sinkType.addValueChangeListener(e -> showRuntimeFields(runtime.getValue()));
        schedule.setHelperText("rate(5 minutes), rate(1 hour) or cron(0/15 * * * ? *) in UTC; the ETL also runs as "
                + "soon as ingestion publishes a batch");
        piiHash.setHelperText("Comma-separated attribute names");
        piiDrop.setHelperText("Comma-separated attribute names");
        geoip.setHelperText("A MaxMind GeoLite2/GeoIP2 City database for country, region and city (optional)");
        plugins.setHelperText("EventEnricher classes run after the built-in ones, one per line: class name, then the "
                + "jar that holds it if it is not on the classpath");
        quickSightPrincipal.setHelperText("The QuickSight user or group that owns the dashboards");

        bind("name", name, text());
        bind("description", description, text());
        bindSelect("runtime", runtime);
        bind("region", region, text());
        bind("ingestion.port", port, integer());
        bind("ingestion.host", host, text());
        bind("ingestion.path", path, text());
        bind("ingestion.allowedOrigins", allowedOrigins, lines());
        bind("ingestion.trustedProxies", trustedProxies, lines());
        bind("ingestion.auth.issuer", authIssuer, text());
        bind("ingestion.auth.audience", authAudience, text());
        bindSelect("ingestion.sink.type", sinkType);
        bind("ingestion.sink.batch.maxSizeMiB", batchSize, integer());
        bind("ingestion.sink.batch.maxIntervalSeconds", batchInterval, integer());
        bind("ingestion.sink.kafka.bootstrapServers", kafkaServers, text());
        bind("ingestion.sink.kafka.topic", kafkaTopic, text());
        bind("processing.schedule", schedule, text());
        bindCheck("processing.botFilter", botFilter);
        bindCheck("processing.anonymizeIp", anonymizeIp);
        bind("processing.pii.hash", piiHash, commas());
        bind("processing.pii.drop", piiDrop, commas());
        bind("processing.geoipDatabase", geoip, text());
        bind("processing.rawRetentionDays", rawRetention, integer());
        bind("processing.sessionTimeoutMinutes", sessionTimeout, integer());
        bind("processing.plugins", plugins, pluginLines());
        bindCheck("modeling.duckdb", duckdb);
        bindCheck("modeling.athena.enabled", athena);
        bindCheck("modeling.redshift.enabled", redshift);
        bindCheck("reporting.builtInDashboards", builtInDashboards);
        bindCheck("reporting.quickSight.enabled", quickSight);
        bind("reporting.quickSight.principalArn", quickSightPrincipal, text());
        fields.put("projectId", project);
        project.setId(fieldId("projectId"));

        step("basic", "Basic information", "Which project the pipeline serves, and what it is called.",
                project, name, description, runtime, region);
        step("ingestion", "Ingestion",
                "Where SDKs send events, who may send them, and how requests become raw batches.",
                port, host, path, sinkType, batchSize, batchInterval, kafkaServers, kafkaTopic, authIssuer,
                authAudience, allowedOrigins, trustedProxies);
        step("processing", "Processing", "When the ETL models the raw batches, and what it does to each event.",
                schedule, rawRetention, sessionTimeout, geoip, piiHash, piiDrop, botFilter, anonymizeIp, plugins);
        step("reporting", "Data modeling and reporting", "Which engines query the modeled tables, and the dashboards.",
                duckdb, athena, redshift, builtInDashboards, quickSight, quickSightPrincipal);
        for (Component c : List.of(description, allowedOrigins, trustedProxies, plugins)) {
            ((com.vaadin.flow.component.HasSize) c).setWidthFull();
        }
    }

    private void step(String id, String title, String text, Component... components) {
        Div grid = new Div(components);
        grid.addClassName("cs-form-grid");
        Paragraph intro = new Paragraph(text);
        intro.addClassName("cs-muted");
        Paragraph errors = new Paragraph();
        errors.addClassName("cs-step-errors");
        errors.setId("step-errors-" + id);
        errors.setVisible(false);
        Div step = new Div(new H3(title), intro, errors, grid);
        step.setId("step-" + id);
        steps.put(id, step);
        stepErrors.put(id, errors);
    }

    /** Shows a definition in the form; its fields the form lacks are kept for {@link #tree()}. */
    void read(PipelineDefinition definition) {
        readTree((ObjectNode) PipelineDefinitionCodec.toTree(definition));
    }

    void readTree(ObjectNode tree) {
        base = tree.deepCopy();
        for (Binding b : bindings) {
            b.read().accept(at(tree, b.path()));
        }
        showRuntimeFields(runtime.getValue());
    }

    /** The definition the form holds, as a JSON tree (empty fields left out, so their defaults apply). */
    ObjectNode tree() {
        ObjectNode tree = base.deepCopy();
        for (Binding b : bindings) {
            JsonNode value = b.write().apply(at(tree, b.path()));
            if (value == null) {
                remove(tree, b.path());
            } else {
                put(tree, b.path(), value);
            }
        }
        // Sections a user emptied entirely (e.g. no auth issuer and audience) are left out, not sent empty.
        prune(tree);
        return tree;
    }

    String projectId() {
        return project.getValue() == null ? null : project.getValue().id();
    }

    /**
     * Shows the messages of one step next to their fields (those of other steps are left for when they are shown);
     * answers how many belong to the step.
     */
    int showErrors(List<FieldMessage> errors, String stepId) {
        clearErrors();
        List<String> unplaced = new ArrayList<>();
        int count = 0;
        for (FieldMessage error : errors) {
            if (!PipelineAdminService.stepOf(error.field()).equals(stepId)) {
                continue;
            }
            count++;
            HasValidation field = fieldFor(error.field());
            if (field == null) {
                unplaced.add((error.field().isEmpty() ? "" : error.field() + ": ") + error.message());
            } else if (field.isInvalid()) {
                field.setErrorMessage(field.getErrorMessage() + " " + sentence(error.message()));
            } else {
                field.setErrorMessage(sentence(error.message()));
                field.setInvalid(true);
            }
        }
        Paragraph box = stepErrors.get(stepId);
        box.setText(String.join("\n", unplaced));
        box.setVisible(!unplaced.isEmpty());
        return count;
    }

    /** The engine's messages start in lower case (they follow a field's name); next to a field, a sentence. */
    static String sentence(String message) {
        return message.isEmpty() ? message : Character.toUpperCase(message.charAt(0)) + message.substring(1);
    }

    void clearErrors() {
        fields.values().forEach(f -> f.setInvalid(false));
        stepErrors.values().forEach(p -> p.setVisible(false));
    }

    /** The field whose path is the longest prefix of {@code path}, or null. */
    HasValidation fieldFor(String path) {
        String best = null;
        for (String candidate : fields.keySet()) {
            if ((path.equals(candidate) || path.startsWith(candidate + ".") || path.startsWith(candidate + "["))
                    && (best == null || candidate.length() > best.length())) {
                best = candidate;
            }
        }
        if (best == null) {
            // "ingestion.auth" names the pair: show it at the issuer.
            for (String candidate : fields.keySet()) {
                if (candidate.startsWith(path + ".")) {
                    return fields.get(candidate);
                }
            }
        }
        return best == null ? null : fields.get(best);
    }

    /** A new runtime brings its defaults for the fields that depend on it. */
    private void runtimeChanged(String newRuntime) {
        boolean aws = "aws".equals(newRuntime);
        sinkType.setValue(aws ? "s3" : "local");
        schedule.setValue(aws ? "rate(1 hour)" : "rate(1 minute)");
        duckdb.setValue(!aws);
        athena.setValue(aws);
    }

    private void showRuntimeFields(String currentRuntime) {
        boolean aws = "aws".equals(currentRuntime);
        region.setVisible(aws);
        host.setVisible(!aws);
        athena.setVisible(aws);
        redshift.setVisible(aws);
        quickSight.setVisible(aws);
        quickSightPrincipal.setVisible(aws);
        duckdb.setVisible(!aws);
        boolean kafka = "kafka".equals(sinkType.getValue());
        kafkaServers.setVisible(kafka);
        kafkaTopic.setVisible(kafka);
    }

    // ---- bindings ----

    private record Codec<V>(Function<JsonNode, V> fromJson, Function<V, JsonNode> toJson) {
    }

    private <V> void bind(String path, AbstractField<?, V> field, Codec<V> codec) {
        bindings.add(new Binding(path, () -> field.setValue(field.getEmptyValue()),
                node -> {
                    V value = node == null || node.isNull() ? null : codec.fromJson().apply(node);
                    field.setValue(value == null ? field.getEmptyValue() : value);
                },
                previous -> codec.toJson().apply(field.getValue())));
        fields.put(path, (HasValidation) field);
        field.setId(fieldId(path));
    }

    private void bindSelect(String path, Select<String> select) {
        bindings.add(new Binding(path, () -> select.setValue(null),
                node -> select.setValue(node == null || node.isNull() ? null : node.asText().toLowerCase()),
                previous -> select.getValue() == null ? null : NODES.textNode(select.getValue())));
        fields.put(path, select);
        select.setId(fieldId(path));
    }

    private void bindCheck(String path, Checkbox box) {
        bindings.add(new Binding(path, () -> box.setValue(false),
                node -> box.setValue(node != null && node.asBoolean()),
                previous -> NODES.booleanNode(box.getValue())));
        box.setId(fieldId(path));
    }

    /** The element id of a definition field: {@code field-ingestion-port} (for tests and the browser). */
    static String fieldId(String path) {
        return "field-" + path.replace('.', '-');
    }

    private static Codec<String> text() {
        return new Codec<>(JsonNode::asText, v -> v == null || v.isBlank() ? null : NODES.textNode(v.strip()));
    }

    private static Codec<Integer> integer() {
        return new Codec<>(JsonNode::asInt, v -> v == null ? null : NODES.numberNode(v));
    }

    private static Codec<String> lines() {
        return list("\n", "\\R");
    }

    private static Codec<String> commas() {
        return list(", ", ",");
    }

    private static Codec<String> list(String joiner, String splitter) {
        return new Codec<>(node -> {
            List<String> values = new ArrayList<>();
            node.forEach(v -> values.add(v.asText()));
            return String.join(joiner, values);
        }, text -> {
            ArrayNode array = NODES.arrayNode();
            if (text != null) {
                Arrays.stream(text.split(splitter)).map(String::strip).filter(s -> !s.isEmpty()).forEach(array::add);
            }
            return array;
        });
    }

    /** One plugin per line: {@code com.example.Enricher [path/to/plugin.jar]}; settings kept from the definition. */
    private Codec<String> pluginLines() {
        return new Codec<>(node -> {
            List<String> lines = new ArrayList<>();
            node.forEach(p -> lines.add(p.path("className").asText()
                    + (p.hasNonNull("jar") ? " " + p.get("jar").asText() : "")));
            return String.join("\n", lines);
        }, text -> {
            ArrayNode array = NODES.arrayNode();
            JsonNode before = at(base, "processing.plugins");
            if (text == null) {
                return array;
            }
            for (String line : text.split("\\R")) {
                String[] parts = line.strip().split("\\s+", 2);
                if (parts[0].isEmpty()) {
                    continue;
                }
                ObjectNode plugin = array.addObject();
                plugin.put("className", parts[0]);
                if (parts.length > 1) {
                    plugin.put("jar", parts[1]);
                }
                if (before != null) {
                    before.forEach(b -> {
                        if (parts[0].equals(b.path("className").asText()) && b.has("settings")) {
                            plugin.set("settings", b.get("settings"));
                        }
                    });
                }
            }
            return array;
        });
    }

    // ---- tree paths ----

    static JsonNode at(JsonNode tree, String path) {
        JsonNode node = tree;
        for (String part : path.split("\\.")) {
            if (node == null || !node.isObject()) {
                return null;
            }
            node = node.get(part);
        }
        return node;
    }

    private static void put(ObjectNode tree, String path, JsonNode value) {
        String[] parts = path.split("\\.");
        ObjectNode node = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            if (child == null || !child.isObject()) {
                child = node.putObject(parts[i]);
            }
            node = (ObjectNode) child;
        }
        node.set(parts[parts.length - 1], value);
    }

    private static void remove(ObjectNode tree, String path) {
        String[] parts = path.split("\\.");
        JsonNode node = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            node = node.get(parts[i]);
            if (node == null || !node.isObject()) {
                return;
            }
        }
        ((ObjectNode) node).remove(parts[parts.length - 1]);
    }

    private static void prune(ObjectNode node) {
        List<String> empty = new ArrayList<>();
        node.fields().forEachRemaining(e -> {
            if (e.getValue().isObject()) {
                prune((ObjectNode) e.getValue());
                if (e.getValue().isEmpty()) {
                    empty.add(e.getKey());
                }
            }
        });
        empty.forEach(node::remove);
    }

    /** The tree as indented JSON, for tests and the review step. */
    String json() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
