package io.clickstream.studio.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickstream.metadata.Versioned;
import io.clickstream.pipeline.definition.PipelineDefinitionCodec;
import io.clickstream.pipeline.lifecycle.Pipeline;
import io.clickstream.pipeline.lifecycle.StatusChange;
import io.clickstream.pipeline.local.PipelineTelemetry.EtlRun;
import io.clickstream.studio.api.ApiPaths;
import io.clickstream.studio.base.InvalidInputException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/projects/{projectId}/pipelines} and {@code /api/v1/pipelines/{id}} (Operator or above, through
 * {@link PipelineAdminService}): define a pipeline from a JSON or YAML definition, read it with its status, history
 * and endpoint, update, stop, start, retry and delete it (each answered at once, the step running on), export its
 * definition, read its live monitoring and quarantine, set its alarms.
 */
@RestController
@RequestMapping(ApiPaths.V1)
@Tag(name = "Pipelines")
class PipelinesApi {

    static final String YAML = "application/yaml";

    private final PipelineAdminService service;

    PipelinesApi(PipelineAdminService service) {
        this.service = service;
    }

    /** A pipeline as the API shows it. */
    record PipelineJson(String id, String projectId, String name, String status, String statusReason,
                        JsonNode definition, Map<String, String> endpoints, List<HistoryJson> history,
                        String productVersion, Instant createdAt, Instant updatedAt, List<AlarmJson> alarms) {
    }

    /** One transition: {@code from} is null for the first. */
    record HistoryJson(Instant at, String from, String to, String reason) {
    }

    /** A firing alarm. */
    record AlarmJson(String kind, String message, Instant since) {
    }

    private PipelineJson json(Versioned<Pipeline> versioned, HttpServletRequest request) {
        Pipeline p = versioned.value();
        List<HistoryJson> history = new ArrayList<>();
        for (StatusChange c : p.history()) {
            history.add(new HistoryJson(c.at(), c.from() == null ? null : c.from().label(), c.to().label(),
                    c.reason()));
        }
        Map<String, String> endpoints = new LinkedHashMap<>();
        String collect = service.collectUrl(p, request.getServerName());
        if (collect != null) {
            endpoints.put("ingestion", collect);
        }
        List<AlarmJson> alarms = service.firingAlarms(p.id()).stream()
                .map(a -> new AlarmJson(a.rule().kind().id(), a.message(), a.since())).toList();
        return new PipelineJson(p.id(), p.projectId(), p.name(), p.status().label(), p.statusReason(),
                PipelineDefinitionCodec.toTree(p.definition()), endpoints, history, p.productVersion(), p.createdAt(),
                p.updatedAt(), alarms);
    }

    @GetMapping("/pipelines")
    @Operation(summary = "List every pipeline but the deleted ones (Operator or above)")
    List<PipelineJson> list(HttpServletRequest request) {
        return service.list().stream().map(p -> json(p, request)).toList();
    }

    @GetMapping("/projects/{projectId}/pipelines")
    @Operation(summary = "List a project's pipelines but the deleted ones (Operator or above)")
    List<PipelineJson> listOfProject(@PathVariable String projectId, HttpServletRequest request) {
        return service.listOfProject(projectId).stream().map(p -> json(p, request)).toList();
    }

    @PostMapping(path = "/projects/{projectId}/pipelines", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Define a pipeline for a project and start creating it (Operator or above); the body is its "
            + "definition, e.g. {\"name\":\"edge\",\"ingestion\":{\"port\":18090}}")
    ResponseEntity<PipelineJson> create(@PathVariable String projectId, @RequestBody JsonNode definition,
                                        HttpServletRequest request) {
        return created(service.create(projectId, service.read(definition)), request);
    }

    @PostMapping(path = "/projects/{projectId}/pipelines", consumes = {YAML, "text/yaml", "application/x-yaml"})
    @Operation(summary = "Define a pipeline from a YAML definition (Operator or above)")
    ResponseEntity<PipelineJson> createFromYaml(@PathVariable String projectId, @RequestBody String definition,
                                                HttpServletRequest request) {
        return created(service.create(projectId, service.read(definition)), request);
    }

    private ResponseEntity<PipelineJson> created(Versioned<Pipeline> p, HttpServletRequest request) {
        return ResponseEntity.created(URI.create(ApiPaths.V1 + "/pipelines/" + p.value().id())).body(json(p, request));
    }

    @GetMapping("/pipelines/{id}")
    @Operation(summary = "Read a pipeline: status, reason, definition, endpoints, history, firing alarms")
    PipelineJson read(@PathVariable String id, HttpServletRequest request) {
        return json(service.find(id), request);
    }

    @PutMapping(path = "/pipelines/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Apply a new definition in place (Operator or above); 202, the update runs on")
    ResponseEntity<PipelineJson> update(@PathVariable String id, @RequestBody JsonNode definition,
                                        HttpServletRequest request) {
        return accepted(service.update(id, service.read(definition)), request);
    }

    @PutMapping(path = "/pipelines/{id}", consumes = {YAML, "text/yaml", "application/x-yaml"})
    @Operation(summary = "Apply a new YAML definition in place (Operator or above)")
    ResponseEntity<PipelineJson> updateFromYaml(@PathVariable String id, @RequestBody String definition,
                                                HttpServletRequest request) {
        return accepted(service.update(id, service.read(definition)), request);
    }

    @DeleteMapping("/pipelines/{id}")
    @Operation(summary = "Delete a pipeline (Operator or above): its ingestion and schedule stop, its project's apps "
            + "go to the default pipeline; 202, status Deleting")
    ResponseEntity<PipelineJson> delete(@PathVariable String id, HttpServletRequest request) {
        return accepted(service.delete(id), request);
    }

    @PostMapping("/pipelines/{id}/retry")
    @Operation(summary = "Repeat the step that failed (Operator or above)")
    ResponseEntity<PipelineJson> retry(@PathVariable String id, HttpServletRequest request) {
        return accepted(service.retry(id), request);
    }

    @PostMapping("/pipelines/{id}/stop")
    @Operation(summary = "Stop a local pipeline's ingestion and ETL schedule (Operator or above); it ends Stopped")
    ResponseEntity<PipelineJson> stop(@PathVariable String id, HttpServletRequest request) {
        return accepted(service.stop(id), request);
    }

    @PostMapping("/pipelines/{id}/start")
    @Operation(summary = "Start a stopped pipeline again (Operator or above)")
    ResponseEntity<PipelineJson> start(@PathVariable String id, HttpServletRequest request) {
        return accepted(service.start(id), request);
    }

    private ResponseEntity<PipelineJson> accepted(Versioned<Pipeline> p, HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(json(p, request));
    }

    @GetMapping(path = "/pipelines/{id}/definition", produces = {MediaType.APPLICATION_JSON_VALUE, YAML})
    @Operation(summary = "Export the definition, every default written out, as JSON or YAML (format=json|yaml)")
    ResponseEntity<String> export(@PathVariable String id,
                                  @Parameter(description = "json (default) or yaml")
                                  @RequestParam(defaultValue = "json") String format) {
        String text = service.export(id, format);
        return ResponseEntity.ok().contentType(format.equals("yaml") ? MediaType.parseMediaType(YAML + ";charset=UTF-8")
                : MediaType.APPLICATION_JSON).body(text);
    }

    /** Live figures of a running local pipeline; {@code running} false (and nothing else) otherwise. */
    record MonitoringJson(boolean running, Instant at, Boolean ingestionUp, Integer port, Double requestsPerSecond,
                          Double eventsPerSecond, Double rejectedPerSecond, Map<String, Long> rejectedByReason,
                          Double sinkLatencyMeanMs, Double sinkLatencyP99Ms, Long etlLagSeconds,
                          Integer pendingBatches, Boolean etlRunning, List<RunJson> runs,
                          Map<String, Instant> tableUpdated, Instant lastEventAt, List<String> apps,
                          List<AlarmStateJson> alarms, MonitoringSnapshot.LakeUse lake) {
    }

    /** One ETL pass. */
    record RunJson(Instant started, long durationMs, long rawFiles, long events, long quarantined, String error) {
    }

    /** One alarm rule and its state. */
    record AlarmStateJson(String kind, boolean enabled, Integer threshold, String unit, boolean firing, Instant since,
                          String message) {
    }

    @GetMapping("/pipelines/{id}/metrics")
    @Operation(summary = "Live monitoring of a local pipeline: rates, rejections, sink latency, ETL lag and runs, "
            + "table freshness, lake disk use, alarms (Operator or above)")
    MonitoringJson metrics(@PathVariable String id) {
        return service.monitoring(id).map(s -> new MonitoringJson(true, s.at(), s.ingestionUp(), s.port(),
                s.requestsPerSecond(), s.eventsPerSecond(), s.rejectedPerSecond(), s.rejectedByReason(),
                s.sinkLatencyMeanMs(), s.sinkLatencyP99Ms(), s.etlLag() == null ? null : s.etlLag().toSeconds(),
                s.pendingBatches(), s.etlRunning(), s.runs().stream().map(PipelinesApi::run).toList(),
                s.tableUpdated(), s.lastEventAt(), s.apps(), s.alarms().stream().map(a -> new AlarmStateJson(
                        a.rule().kind().id(), a.rule().enabled(), a.rule().kind().hasThreshold()
                        ? a.rule().threshold() : null, a.rule().kind().unit(), a.firing(), a.since(), a.message()))
                .toList(), s.lake()))
                .orElseGet(() -> new MonitoringJson(false, null, null, null, null, null, null, null, null, null, null,
                        null, null, null, null, null, null, null, null));
    }

    private static RunJson run(EtlRun r) {
        return new RunJson(r.started(), r.duration().toMillis(), r.rawFiles(), r.events(), r.quarantined(),
                r.error());
    }

    @GetMapping("/pipelines/{id}/quarantine")
    @Operation(summary = "Records the ETL quarantined for the pipeline's apps, by reason, with the newest raw texts")
    QuarantineReport quarantine(@PathVariable String id, @RequestParam(defaultValue = "5") int samples) {
        return service.quarantine(id, samples);
    }

    /** The alarm rules of a pipeline, and the version to send back with a change (0: never saved). */
    record AlarmRulesJson(List<AlarmRuleJson> rules, Long version) {
    }

    /**
     * One alarm rule: {@code kind} is noData, etlFailed, etlLag or quarantineRate; {@code state} ({@code OK} or
     * {@code FIRING}), {@code since} and {@code reason} are its state as last evaluated (ignored in a PUT).
     */
    record AlarmRuleJson(String kind, Boolean enabled, Integer threshold, String unit, String state, Instant since,
                         String reason) {
    }

    @GetMapping("/pipelines/{id}/alarms")
    @Operation(summary = "Read the pipeline's alarm rules with their state, OK or FIRING since when and why "
            + "(Operator or above)")
    AlarmRulesJson alarms(@PathVariable String id) {
        return rulesJson(id, service.alarmRules(id));
    }

    @PutMapping("/pipelines/{id}/alarms")
    @Operation(summary = "Set alarm rules (Operator or above): kinds left out keep theirs; thresholds in minutes "
            + "(noData, etlLag) or percent (quarantineRate); needs the version read")
    AlarmRulesJson saveAlarms(@PathVariable String id, @RequestBody AlarmRulesJson body) {
        if (body == null || body.rules() == null) {
            throw InvalidInputException.of("rules", "Send the rules to change: [{\"kind\": \"noData\", "
                    + "\"enabled\": true, \"threshold\": 10}]");
        }
        Versioned<List<AlarmRule>> current = service.alarmRules(id);
        List<AlarmRule> rules = new ArrayList<>();
        List<io.clickstream.studio.base.FieldMessage> errors = new ArrayList<>();
        for (int i = 0; i < body.rules().size(); i++) {
            AlarmRuleJson r = body.rules().get(i);
            AlarmKind kind = r == null ? null : AlarmKind.ofId(r.kind());
            if (kind == null) {
                errors.add(new io.clickstream.studio.base.FieldMessage("rules[" + i + "].kind", "Unknown alarm '"
                        + (r == null ? null : r.kind()) + "': use noData, etlFailed, etlLag or quarantineRate"));
                continue;
            }
            AlarmRule was = current.value().stream().filter(x -> x.kind() == kind).findFirst()
                    .orElse(AlarmRule.defaultOf(kind));
            rules.add(new AlarmRule(kind, r.enabled() == null ? was.enabled() : r.enabled(),
                    r.threshold() == null ? was.threshold() : r.threshold()));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        long version = body.version() == null ? current.version() : body.version();
        return rulesJson(id, service.saveAlarmRules(id, rules, version));
    }

    private AlarmRulesJson rulesJson(String id, Versioned<List<AlarmRule>> rules) {
        List<AlarmRuleJson> json = new ArrayList<>();
        for (MonitoringSnapshot.AlarmStatus s : service.alarmStates(id)) {
            AlarmRule r = rules.value().stream().filter(x -> x.kind() == s.rule().kind()).findFirst()
                    .orElse(s.rule());
            boolean firing = s.firing() && r.enabled();
            json.add(new AlarmRuleJson(r.kind().id(), r.enabled(), r.kind().hasThreshold() ? r.threshold() : null,
                    r.kind().unit(), firing ? "FIRING" : "OK", firing ? s.since() : null, firing ? s.message() : null));
        }
        return new AlarmRulesJson(json, rules.version());
    }
}
