package io.clickstream.studio.project;

import io.clickstream.metadata.Versioned;
import io.clickstream.metadata.apps.AppRecord;
import io.clickstream.metadata.apps.AppRepository;
import io.clickstream.metadata.projects.ProjectRecord;
import io.clickstream.metadata.projects.ProjectRepository;
import io.clickstream.studio.base.AuditedChange;
import io.clickstream.studio.base.ConflictException;
import io.clickstream.studio.base.FieldMessage;
import io.clickstream.studio.base.InvalidInputException;
import io.clickstream.studio.base.NotFoundException;
import io.clickstream.studio.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import java.net.URI;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Projects and their apps, for the Projects pages and the API alike: everyone may read them, administrators change
 * them. Every change is checked field by field, conditional on the version read (a concurrent edit is refused with
 * the store's message, never overwritten) and written to the audit log. A project that still has apps cannot be
 * deleted: its apps are deleted (or moved) first, one decision at a time.
 */
@Service
public class ProjectService {

    /** The SDK platforms an app can declare. */
    public static final List<String> PLATFORMS = List.of("Web", "Android", "iOS", "Server");

    private final ProjectRepository projects;
    private final AppRepository apps;
    private final ApplicationEventPublisher events;

    ProjectService(ProjectRepository projects, AppRepository apps, ApplicationEventPublisher events) {
        this.projects = projects;
        this.apps = apps;
        this.events = events;
    }

    @RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR, Roles.ANALYST, Roles.READER})
    public List<Versioned<ProjectRecord>> projects() {
        return projects.list();
    }

    @RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR, Roles.ANALYST, Roles.READER})
    public Versioned<ProjectRecord> project(String id) {
        return projects.find(id).orElseThrow(() -> new NotFoundException("No project '" + id + "'"));
    }

    @RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR, Roles.ANALYST, Roles.READER})
    public List<Versioned<AppRecord>> apps() {
        return apps.list();
    }

    @RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR, Roles.ANALYST, Roles.READER})
    public List<Versioned<AppRecord>> appsOf(String projectId) {
        project(projectId);
        return apps.list().stream().filter(a -> a.value().projectId().equals(projectId)).toList();
    }

    @RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR, Roles.ANALYST, Roles.READER})
    public Versioned<AppRecord> app(String appId) {
        return apps.find(appId).orElseThrow(() -> new NotFoundException("No app '" + appId + "'"));
    }

    @RolesAllowed(Roles.ADMINISTRATOR)
    public Versioned<ProjectRecord> createProject(ProjectInput input) {
        List<FieldMessage> errors = new ArrayList<>();
        if (!ProjectRecord.isValidId(input.id())) {
            errors.add(new FieldMessage("id", "Use 1-128 letters, digits, '.', '_' or '-' (no spaces)"));
        }
        checkName(input.name(), errors);
        throwIfAny(errors);
        Versioned<ProjectRecord> created = projects.create(new ProjectRecord(input.id(), input.name(),
                input.description(), input.enabled() == null || input.enabled()));
        events.publishEvent(new AuditedChange("project.create", "project", input.id(), Map.of(),
                summary(created.value())));
        return created;
    }

    @RolesAllowed(Roles.ADMINISTRATOR)
    public Versioned<ProjectRecord> updateProject(String id, ProjectInput change, long version) {
        Versioned<ProjectRecord> current = project(id);
        List<FieldMessage> errors = new ArrayList<>();
        if (change.id() != null && !change.id().equals(id)) {
            errors.add(new FieldMessage("id", "A project's id cannot change"));
        }
        checkName(change.name(), errors);
        throwIfAny(errors);
        ProjectRecord old = current.value();
        ProjectRecord changed = new ProjectRecord(id, pick(change.name(), old.name()),
                pick(change.description(), old.description()), pick(change.enabled(), old.enabled()));
        Versioned<ProjectRecord> updated = projects.update(changed, version);
        events.publishEvent(new AuditedChange(action("project", old.enabled(), changed.enabled()), "project", id,
                summary(old), summary(changed)));
        return updated;
    }

    /** Deletes a project without apps; {@code version} null deletes whatever version is stored. */
    @RolesAllowed(Roles.ADMINISTRATOR)
    public void deleteProject(String id, Long version) {
        Versioned<ProjectRecord> current = project(id);
        List<String> appIds = apps.list().stream().map(Versioned::value)
                .filter(a -> a.projectId().equals(id)).map(AppRecord::appId).toList();
        if (!appIds.isEmpty()) {
            throw new ConflictException("Project '" + id + "' still has " + appIds.size() + " app"
                    + (appIds.size() == 1 ? "" : "s") + " (" + String.join(", ", appIds)
                    + "): delete them or move them to another project first");
        }
        projects.delete(id, version == null ? current.version() : version);
        events.publishEvent(new AuditedChange("project.delete", "project", id, summary(current.value()), Map.of()));
    }

    @RolesAllowed(Roles.ADMINISTRATOR)
    public Versioned<AppRecord> createApp(String projectId, AppInput input) {
        project(projectId);
        List<FieldMessage> errors = new ArrayList<>();
        if (!AppRecord.isValidAppId(input.appId())) {
            errors.add(new FieldMessage("appId", "Use 1-128 letters, digits, '.', '_' or '-' (no spaces): it names "
                    + "the app's folder in the lake"));
        }
        if (input.projectId() != null && !input.projectId().equals(projectId)) {
            errors.add(new FieldMessage("projectId", "The app is created in project '" + projectId + "' of the URL"));
        }
        checkAppFields(input, errors);
        throwIfAny(errors);
        AppRecord app = new AppRecord(input.appId(), projectId, input.name(), input.description(),
                pick(input.timeZone(), "UTC"), input.enabled() == null || input.enabled(),
                clean(input.allowedOrigins()), clean(input.platforms()));
        Versioned<AppRecord> created = apps.create(app);
        events.publishEvent(new AuditedChange("app.create", "app", app.appId(), Map.of(), summary(app)));
        return created;
    }

    @RolesAllowed(Roles.ADMINISTRATOR)
    public Versioned<AppRecord> updateApp(String appId, AppInput change, long version) {
        AppRecord old = app(appId).value();
        List<FieldMessage> errors = new ArrayList<>();
        if (change.appId() != null && !change.appId().equals(appId)) {
            errors.add(new FieldMessage("appId", "An app's id cannot change (it names the app's lake folder)"));
        }
        if (change.projectId() != null && !change.projectId().equals(old.projectId())
                && projects.find(change.projectId()).isEmpty()) {
            errors.add(new FieldMessage("projectId", "No project '" + change.projectId() + "'"));
        }
        checkAppFields(change, errors);
        throwIfAny(errors);
        AppRecord changed = new AppRecord(appId, pick(change.projectId(), old.projectId()),
                pick(change.name(), old.name()), pick(change.description(), old.description()),
                pick(change.timeZone(), old.timeZone()), pick(change.enabled(), old.enabled()),
                change.allowedOrigins() == null ? old.allowedOrigins() : clean(change.allowedOrigins()),
                change.platforms() == null ? old.platforms() : clean(change.platforms()));
        Versioned<AppRecord> updated = apps.update(changed, version);
        events.publishEvent(new AuditedChange(action("app", old.enabled(), changed.enabled()), "app", appId,
                summary(old), summary(changed)));
        return updated;
    }

    /** Deletes an app's registration (ingestion refuses it from then on); its data stays in the lake. */
    @RolesAllowed(Roles.ADMINISTRATOR)
    public void deleteApp(String appId, Long version) {
        Versioned<AppRecord> current = app(appId);
        apps.delete(appId, version == null ? current.version() : version);
        events.publishEvent(new AuditedChange("app.delete", "app", appId, summary(current.value()), Map.of()));
    }

    private static void checkName(String name, List<FieldMessage> errors) {
        if (name != null && name.strip().length() > 100) {
            errors.add(new FieldMessage("name", "Use at most 100 characters"));
        }
    }

    private static void checkAppFields(AppInput input, List<FieldMessage> errors) {
        checkName(input.name(), errors);
        if (input.timeZone() != null && !input.timeZone().isBlank()) {
            try {
                ZoneId.of(input.timeZone());
            } catch (DateTimeException e) {
                errors.add(new FieldMessage("timeZone", "Unknown time zone '" + input.timeZone()
                        + "': use an IANA name such as Europe/Paris or UTC"));
            }
        }
        for (String origin : clean(input.allowedOrigins())) {
            if (!isOrigin(origin)) {
                errors.add(new FieldMessage("allowedOrigins", "'" + origin + "' is not a web origin: use "
                        + "scheme://host[:port] without a path, e.g. https://shop.example.com, or *"));
                break;
            }
        }
        for (String platform : clean(input.platforms())) {
            if (!PLATFORMS.contains(platform)) {
                errors.add(new FieldMessage("platforms", "Unknown platform '" + platform + "' (known: "
                        + String.join(", ", PLATFORMS) + ")"));
                break;
            }
        }
    }

    static boolean isOrigin(String origin) {
        if (origin.equals("*")) {
            return true;
        }
        try {
            URI uri = new URI(origin);
            return (Objects.equals(uri.getScheme(), "http") || Objects.equals(uri.getScheme(), "https"))
                    && uri.getHost() != null && (uri.getRawPath() == null || uri.getRawPath().isEmpty())
                    && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static List<String> clean(List<String> values) {
        return values == null ? List.of() : values.stream().filter(Objects::nonNull).map(String::strip)
                .filter(v -> !v.isEmpty()).distinct().toList();
    }

    private static <T> T pick(T value, T fallback) {
        return value == null ? fallback : value;
    }

    private static String action(String type, boolean wasEnabled, boolean enabled) {
        return type + (wasEnabled == enabled ? ".update" : enabled ? ".enable" : ".disable");
    }

    private static void throwIfAny(List<FieldMessage> errors) {
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
    }

    private static Map<String, Object> summary(ProjectRecord project) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("name", project.name());
        summary.put("description", project.description());
        summary.put("enabled", project.enabled());
        return summary;
    }

    private static Map<String, Object> summary(AppRecord app) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("projectId", app.projectId());
        summary.put("name", app.name());
        summary.put("description", app.description());
        summary.put("timeZone", app.timeZone());
        summary.put("enabled", app.enabled());
        summary.put("allowedOrigins", String.join(", ", app.allowedOrigins()));
        summary.put("platforms", String.join(", ", app.platforms()));
        return summary;
    }
}
