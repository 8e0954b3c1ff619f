package io.clickstream.studio.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickstream.metadata.ItemConflictException;
import io.clickstream.metadata.Versioned;
import io.clickstream.metadata.apps.AppRecord;
import io.clickstream.metadata.apps.AppRepository;
import io.clickstream.metadata.projects.ProjectRecord;
import io.clickstream.metadata.projects.ProjectRepository;
import io.clickstream.pipeline.definition.DefinitionFormatException;
import io.clickstream.pipeline.definition.FieldError;
import io.clickstream.pipeline.definition.PipelineDefinition;
import io.clickstream.pipeline.definition.PipelineDefinitionCodec;
import io.clickstream.pipeline.definition.RuntimeMode;
import io.clickstream.pipeline.lifecycle.ActionRefusedException;
import io.clickstream.pipeline.lifecycle.InvalidDefinitionException;
import io.clickstream.pipeline.lifecycle.Pipeline;
import io.clickstream.pipeline.lifecycle.PipelineNotFoundException;
import io.clickstream.pipeline.lifecycle.PipelineRepository;
import io.clickstream.pipeline.lifecycle.PipelineService;
import io.clickstream.pipeline.lifecycle.PipelineStatus;
import io.clickstream.pipeline.validation.PortProbe;
import io.clickstream.studio.base.AuditedChange;
import io.clickstream.studio.base.ConflictException;
import io.clickstream.studio.base.FieldMessage;
import io.clickstream.studio.base.InvalidInputException;
import io.clickstream.studio.base.NotFoundException;
import io.clickstream.studio.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;

/**
 * Pipelines for the studio's pages and the API alike (Operator or above): define, check a wizard step, update, stop,
 * start, retry and delete them through the pipeline engine, read their monitoring, quarantine and alarms, import and
 * export their definitions. The engine's refusals become the studio's: an invalid definition a
 * {@link InvalidInputException} with each field's message, a refused action (another one runs, a project that has a
 * pipeline) a {@link ConflictException}, an unknown id a {@link NotFoundException}. Every change is audited.
 */
@Service
public class PipelineAdminService {

    /** Which definition fields each wizard step holds (prefixes of the fields' paths). */
    public static final Map<String, List<String>> STEPS = stepFields();

    private final PipelineService pipelines;
    private final PipelineRepository repository;
    private final ProjectRepository projects;
    private final AppRepository apps;
    private final AlarmRepository alarms;
    private final PipelineMonitor monitor;
    private final QuarantineReader quarantine;
    private final PipelineEndpoints endpoints;
    private final ApplicationEventPublisher events;

    PipelineAdminService(PipelineService pipelines, PipelineRepository repository, ProjectRepository projects,
                         AppRepository apps, AlarmRepository alarms, PipelineMonitor monitor,
                         QuarantineReader quarantine, PipelineEndpoints endpoints, ApplicationEventPublisher events) {
        this.pipelines = pipelines;
        this.repository = repository;
        this.projects = projects;
        this.apps = apps;
        this.alarms = alarms;
        this.monitor = monitor;
        this.quarantine = quarantine;
        this.endpoints = endpoints;
        this.events = events;
    }

    private static Map<String, List<String>> stepFields() {
        Map<String, List<String>> steps = new LinkedHashMap<>();
        steps.put("basic", List.of("projectId", "name", "description", "runtime", "region", "tags", "network", "lake"));
        steps.put("ingestion", List.of("ingestion"));
        steps.put("processing", List.of("processing"));
        steps.put("reporting", List.of("modeling", "reporting"));
        return Map.copyOf(steps);
    }

    /** The step a field belongs to ({@code basic} for a field of none, e.g. the whole definition). */
    public static String stepOf(String field) {
        for (Map.Entry<String, List<String>> step : STEPS.entrySet()) {
            for (String prefix : step.getValue()) {
                if (field.equals(prefix) || field.startsWith(prefix + ".") || field.startsWith(prefix + "[")) {
                    return step.getKey();
                }
            }
        }
        return "basic";
    }

    // ---- reading ----

    /** Every pipeline but the deleted ones, the studio-wide one first, then by name. */
    @RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR})
    public List<Versioned<Pipeline>> list() {
        return sorted(repository.list());
    }

    /** A project's pipelines but the deleted ones. */
    @RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR})
    public List<Versioned<Pipeline>> listOfProject(String projectId) {
        project(projectId);
        return sorted(pipelines.list(projectId));
    }

    @RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR})
    public Versioned<Pipeline> find(String id) {
        return pipelines.find(id).orElseThrow(() -> new NotFoundException("No pipeline '" + id + "'"));
    }

    /** Projects that have no pipeline of their own yet (the wizard offers these). */
    @RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR})
    public List<ProjectRecord> projectsWithoutPipeline() {
        Set<String> taken = new HashSet<>();
        for (Versioned<Pipeline> p : list()) {
            if (p.value().projectId() != null) {
                taken.add(p.value().projectId());
            }
        }
        return projects.list().stream().map(Versioned::value).filter(p -> !taken.contains(p.id())).toList();
    }

    /** Where SDKs send the pipeline's events, seen from {@code studioHost}; null when not known yet. */
    @RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR})
    public String collectUrl(Pipeline pipeline, String studioHost) {
        return endpoints.collectUrl(pipeline, studioHost);
    }

    /** Live figures of a pipeline that runs in this studio; empty otherwise. */
    @RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR})
    public Optional<MonitoringSnapshot> monitoring(String id) {
        find(id);
        return monitor.snapshot(id);
    }

    /**
     * Calls {@code listener} after each monitoring sample with the ids of the pipelines sampled (from the monitor's
     * thread: a view hands it to its UI).
     *
     * @return call it to stop listening
     */
    @RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR})
    public Runnable onSample(java.util.function.Consumer<Set<String>> listener) {
        return monitor.subscribe(listener);
    }

    /** The monitor's sample interval (how fresh the live figures are). */
    @RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR})
    public java.time.Duration sampleInterval() {
        return monitor.interval();
    }

    /** The alarms of a pipeline that fire now (for list badges). */
    @RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR})
    public List<MonitoringSnapshot.AlarmStatus> firingAlarms(String id) {
        return monitor.firing(id);
    }

    /** What the ETL quarantined for the pipeline's apps, by reason, with the newest raw texts. */
    @RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR})
    public QuarantineReport quarantine(String id, int samplesPerReason) {
        Pipeline p = find(id).value();
        List<String> apps = appsOf(p);
        if (samplesPerReason < 1 || samplesPerReason > 100) {
            throw InvalidInputException.of("samples", "Ask for 1 to 100 samples per reason");
        }
        return quarantine.read(apps, samplesPerReason);
    }

    /**
     * Each alarm rule of the pipeline with its state as last evaluated: a pipeline that does not run here (stopped,
     * AWS) has every alarm OK, since nothing of it is sampled.
     */
    @RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR})
    public List<MonitoringSnapshot.AlarmStatus> alarmStates(String id) {
        List<AlarmRule> rules = alarmRules(id).value();
        Map<AlarmKind, MonitoringSnapshot.AlarmStatus> evaluated = new LinkedHashMap<>();
        monitor.snapshot(id).ifPresent(s -> s.alarms().forEach(a -> evaluated.put(a.rule().kind(), a)));
        List<MonitoringSnapshot.AlarmStatus> states = new ArrayList<>();
        for (AlarmRule rule : rules) {
            MonitoringSnapshot.AlarmStatus last = evaluated.get(rule.kind());
            states.add(last != null && last.firing() && rule.enabled()
                    ? new MonitoringSnapshot.AlarmStatus(rule, true, last.since(), last.message())
                    : new MonitoringSnapshot.AlarmStatus(rule, false, null, null));
        }
        return states;
    }

    /** The pipeline's alarm rules (one per kind) and the version to name when saving them. */
    @RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR})
    public Versioned<List<AlarmRule>> alarmRules(String id) {
        find(id);
        return alarms.find(id);
    }

    /**
     * Replaces the pipeline's alarm rules (kinds left out keep theirs); evaluated from the next sample on.
     *
     * @param version the version read (0 when none were saved yet); a stale one is refused
     */
    @RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR})
    public Versioned<List<AlarmRule>> saveAlarmRules(String id, List<AlarmRule> rules, long version) {
        find(id);
        List<FieldMessage> errors = new ArrayList<>();
        Map<AlarmKind, AlarmRule> merged = new LinkedHashMap<>();
        Versioned<List<AlarmRule>> current = alarms.find(id);
        current.value().forEach(r -> merged.put(r.kind(), r));
        for (AlarmRule rule : rules) {
            AlarmKind kind = rule.kind();
            if (kind.hasThreshold() && (rule.threshold() < kind.min() || rule.threshold() > kind.max())) {
                errors.add(new FieldMessage(kind.id() + ".threshold", "Use " + kind.min() + " to " + kind.max() + " "
                        + kind.unit()));
            }
            merged.put(kind, new AlarmRule(kind, rule.enabled(), kind.hasThreshold() ? rule.threshold() : 0));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        Versioned<List<AlarmRule>> saved = alarms.save(id, List.copyOf(merged.values()), version);
        monitor.rulesChanged(id);
        events.publishEvent(new AuditedChange("pipeline.alarms", "pipeline", id, summary(current.value()),
                summary(saved.value())));
        return saved;
    }

    // ---- definitions ----

    /** Reads a YAML or JSON definition; a text that cannot be read is refused with the field at fault. */
    @RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR})
    public PipelineDefinition read(String text) {
        return readWith(() -> PipelineDefinitionCodec.read(text));
    }

    /** Reads a definition sent as a JSON tree (an API body). */
    @RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR})
    public PipelineDefinition read(JsonNode tree) {
        return readWith(() -> PipelineDefinitionCodec.fromTree(tree));
    }

    /** The pipeline's definition, every default written out, as {@code yaml} or {@code json}. */
    @RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR})
    public String export(String id, String format) {
        PipelineDefinition d = find(id).value().definition();
        return switch (format) {
            case "yaml" -> PipelineDefinitionCodec.toYaml(d);
            case "json" -> PipelineDefinitionCodec.toJson(d);
            default -> throw InvalidInputException.of("format", "Export as yaml or json");
        };
    }

    /**
     * Checks a definition as creating (or, with {@code existingId}, updating) it would, without changing anything:
     * every problem, each with its field ({@code projectId} for the project).
     */
    @RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR})
    public List<FieldMessage> check(String projectId, PipelineDefinition definition, String existingId) {
        List<FieldMessage> errors = new ArrayList<>();
        if (existingId == null) {
            checkProject(projectId, errors);
        } else {
            checkStudioSettings(find(existingId).value(), definition, errors);
        }
        for (FieldError e : pipelines.validate(definition, existingId)) {
            errors.add(new FieldMessage(e.field(), e.message()));
        }
        return errors;
    }

    /** A port no pipeline uses and nothing on this machine listens on, from 18090 up: the wizard's suggestion. */
    @RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR})
    public int suggestPort() {
        Set<Integer> used = new HashSet<>();
        for (Versioned<Pipeline> p : list()) {
            used.add(p.value().definition().ingestion().port());
        }
        PortProbe probe = PortProbe.system();
        for (int port = 18090; port < 18190; port++) {
            if (!used.contains(port) && probe.whyUnavailable("0.0.0.0", port).isEmpty()) {
                return port;
            }
        }
        return 0;
    }

    // ---- actions ----

    /** Defines a pipeline for a project and starts creating it (status Creating). */
    @RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR})
    public Versioned<Pipeline> create(String projectId, PipelineDefinition definition) {
        List<FieldMessage> errors = new ArrayList<>();
        checkProject(projectId, errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        Versioned<Pipeline> created = act(() -> pipelines.create(projectId, definition, actor()));
        events.publishEvent(new AuditedChange("pipeline.create", "pipeline", created.value().id(), Map.of(),
                summary(created.value())));
        return created;
    }

    /** Applies a new definition in place (its name and runtime stay). */
    @RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR})
    public Versioned<Pipeline> update(String id, PipelineDefinition definition) {
        Pipeline before = find(id).value();
        List<FieldMessage> errors = new ArrayList<>();
        checkStudioSettings(before, definition, errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        Versioned<Pipeline> updated = act(() -> pipelines.update(id, definition, actor()));
        events.publishEvent(new AuditedChange("pipeline.update", "pipeline", id, summary(before),
                summary(updated.value())));
        return updated;
    }

    @RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR})
    public Versioned<Pipeline> delete(String id) {
        Pipeline before = find(id).value();
        Versioned<Pipeline> deleting = act(() -> pipelines.delete(id, actor()));
        events.publishEvent(new AuditedChange("pipeline.delete", "pipeline", id, summary(before), Map.of()));
        return deleting;
    }

    @RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR})
    public Versioned<Pipeline> retry(String id) {
        return audited("pipeline.retry", id, () -> pipelines.retry(id, actor()));
    }

    @RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR})
    public Versioned<Pipeline> stop(String id) {
        return audited("pipeline.stop", id, () -> pipelines.stop(id, actor()));
    }

    @RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR})
    public Versioned<Pipeline> start(String id) {
        return audited("pipeline.start", id, () -> pipelines.start(id, actor()));
    }

    private Versioned<Pipeline> audited(String action, String id, Supplier<Versioned<Pipeline>> step) {
        Pipeline before = find(id).value();
        Versioned<Pipeline> after = act(step);
        events.publishEvent(new AuditedChange(action, "pipeline", id, Map.of("status", before.status().label()),
                Map.of("status", after.value().status().label())));
        return after;
    }

    /** Runs an engine call, turning its refusals into the studio's. */
    private static <T> T act(Supplier<T> call) {
        try {
            return call.get();
        } catch (InvalidDefinitionException e) {
            throw new InvalidInputException(messages(e.errors()));
        } catch (ActionRefusedException e) {
            throw new ConflictException(capitalized(e.getMessage()));
        } catch (PipelineNotFoundException e) {
            throw new NotFoundException(e.getMessage());
        } catch (ItemConflictException e) {
            throw new ConflictException("Someone else changed the pipeline meanwhile: reload it and try again");
        }
    }

    private static PipelineDefinition readWith(Supplier<PipelineDefinition> reader) {
        try {
            return reader.get();
        } catch (DefinitionFormatException e) {
            throw new InvalidInputException(messages(e.errors()));
        }
    }

    private void checkProject(String projectId, List<FieldMessage> errors) {
        if (projectId == null || projectId.isBlank()) {
            errors.add(new FieldMessage("projectId", "Choose the project whose apps the pipeline serves"));
            return;
        }
        if (projects.find(projectId).isEmpty()) {
            errors.add(new FieldMessage("projectId", "No project '" + projectId + "'"));
            return;
        }
        for (Versioned<Pipeline> p : pipelines.list(projectId)) {
            if (p.value().status() != PipelineStatus.DELETED) {
                errors.add(new FieldMessage("projectId", "The project '" + projectId + "' has the pipeline '"
                        + p.value().name() + "' already: a project has one pipeline, so update that one"));
            }
        }
    }

    /**
     * The studio-wide pipeline's port, interface, schedule, GeoIP database and ingestion auth follow the studio's
     * configuration at each start: changing them here would not last, so it is refused naming the setting.
     */
    private static void checkStudioSettings(Pipeline current, PipelineDefinition next, List<FieldMessage> errors) {
        if (current.projectId() != null || current.definition().runtime() != RuntimeMode.LOCAL) {
            return;
        }
        PipelineDefinition d = current.definition();
        same(errors, "ingestion.port", d.ingestion().port(), next.ingestion().port(), "clickstream.ingestion.port");
        same(errors, "ingestion.host", d.ingestion().host(), next.ingestion().host(), "the studio");
        same(errors, "ingestion.auth", d.ingestion().auth(), next.ingestion().auth(),
                "clickstream.ingestion.auth-issuer and auth-audience");
        same(errors, "processing.schedule", d.processing().schedule(), next.processing().schedule(),
                "clickstream.etl.interval");
        same(errors, "processing.geoipDatabase", d.processing().geoipDatabase(), next.processing().geoipDatabase(),
                "clickstream.etl.geoip-db");
    }

    private static void same(List<FieldMessage> errors, String field, Object current, Object next, String setting) {
        if (!Objects.equals(current, next)) {
            errors.add(new FieldMessage(field, "The default pipeline takes this from " + setting + " at each start: "
                    + "change it there and restart the studio (it is " + current + ")"));
        }
    }

    /**
     * The apps a pipeline's ingestion accepts: what it reports while it runs here, else its project's apps (the
     * default pipeline's are known only while it runs).
     */
    @RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR})
    public List<String> appsOf(Pipeline p) {
        List<String> running = monitor.snapshot(p.id()).map(MonitoringSnapshot::apps).orElse(null);
        if (running != null && !running.isEmpty()) {
            return running;
        }
        return p.projectId() == null ? List.of() : appsOfProject(p.projectId());
    }

    private List<String> appsOfProject(String projectId) {
        return apps.list().stream().map(Versioned::value).filter(a -> a.projectId().equals(projectId))
                .map(AppRecord::appId).toList();
    }

    private ProjectRecord project(String projectId) {
        return projects.find(projectId).map(Versioned::value)
                .orElseThrow(() -> new NotFoundException("No project '" + projectId + "'"));
    }

    private static List<Versioned<Pipeline>> sorted(List<Versioned<Pipeline>> all) {
        return all.stream().filter(p -> p.value().status() != PipelineStatus.DELETED)
                .sorted(Comparator.comparing((Versioned<Pipeline> p) -> p.value().projectId() != null)
                        .thenComparing(p -> p.value().name()))
                .toList();
    }

    private static List<FieldMessage> messages(List<FieldError> errors) {
        return errors.stream().map(e -> new FieldMessage(e.field(), e.message())).toList();
    }

    private static String capitalized(String message) {
        return message.isEmpty() ? message : Character.toUpperCase(message.charAt(0)) + message.substring(1);
    }

    private static String actor() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication == null ? null : authentication.getName();
    }

    private static Map<String, Object> summary(Pipeline p) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", p.name());
        s.put("projectId", p.projectId());
        s.put("runtime", p.definition().runtime().id());
        s.put("port", p.definition().ingestion().port());
        s.put("schedule", p.definition().processing().schedule());
        s.put("status", p.status().label());
        return s;
    }

    private static Map<String, Object> summary(List<AlarmRule> rules) {
        Map<String, Object> s = new LinkedHashMap<>();
        for (AlarmRule r : rules) {
            s.put(r.kind().id(), r.enabled() ? (r.kind().hasThreshold() ? r.threshold() + " " + r.kind().unit() : "on")
                    : "off");
        }
        return s;
    }
}
