package io.clickstream.studio.explore.saved;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clickstream.metadata.Versioned;
import io.clickstream.metadata.apps.AppRepository;
import io.clickstream.studio.base.AuditedChange;
import io.clickstream.studio.base.FieldMessage;
import io.clickstream.studio.base.InvalidInputException;
import io.clickstream.studio.base.NotFoundException;
import io.clickstream.studio.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;

/**
 * Saving explorations (Analyst or above): a name, a description, the analysis and its query, which must read as
 * that analysis' query record (whether it runs is found when it runs, as for any exploration). Changes name the
 * version they read and are written to the audit log.
 */
@Service
public class SavedExplorationService {

    static final int MAX_NAME = 100;
    static final int MAX_DESCRIPTION = 2000;
    static final int MAX_QUERY_CHARS = 64 * 1024;

    private final SavedExplorationRepository repository;
    private final AppRepository apps;
    private final ObjectMapper json;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    SavedExplorationService(SavedExplorationRepository repository, AppRepository apps, ObjectMapper json, Clock clock,
                            ApplicationEventPublisher events) {
        this.repository = repository;
        this.apps = apps;
        this.json = json;
        this.clock = clock;
        this.events = events;
    }

    @RolesAllowed({Roles.ADMINISTRATOR, Roles.ANALYST})
    public List<Versioned<SavedExploration>> list(String appId) {
        requireApp(appId);
        return repository.listOf(appId);
    }

    @RolesAllowed({Roles.ADMINISTRATOR, Roles.ANALYST})
    public Versioned<SavedExploration> get(String id) {
        return repository.find(id).orElseThrow(() -> new NotFoundException("No saved exploration '" + id + "'"));
    }

    @RolesAllowed({Roles.ADMINISTRATOR, Roles.ANALYST})
    public Versioned<SavedExploration> create(String appId, SavedExplorationInput input) {
        requireApp(appId);
        SavedExploration checked = check(null, appId, input, currentUser());
        Versioned<SavedExploration> created = repository.create(checked);
        events.publishEvent(new AuditedChange("exploration.create", "exploration", created.value().id(), Map.of(),
                summary(created.value())));
        return created;
    }

    @RolesAllowed({Roles.ADMINISTRATOR, Roles.ANALYST})
    public Versioned<SavedExploration> update(String id, SavedExplorationInput input, long version) {
        SavedExploration old = get(id).value();
        SavedExploration checked = check(id, old.appId(), input, old.owner());
        Versioned<SavedExploration> updated = repository.update(checked, version);
        events.publishEvent(new AuditedChange("exploration.update", "exploration", id, summary(old),
                summary(updated.value())));
        return updated;
    }

    /** Deletes it; {@code version} null deletes whatever version is stored. Tiles showing it then say it is gone. */
    @RolesAllowed({Roles.ADMINISTRATOR, Roles.ANALYST})
    public void delete(String id, Long version) {
        Versioned<SavedExploration> current = get(id);
        repository.delete(id, version == null ? current.version() : version);
        events.publishEvent(new AuditedChange("exploration.delete", "exploration", id, summary(current.value()),
                Map.of()));
    }

    private SavedExploration check(String id, String appId, SavedExplorationInput input, String owner) {
        List<FieldMessage> errors = new ArrayList<>();
        String name = input.name() == null ? "" : input.name().strip();
        if (name.isEmpty()) {
            errors.add(new FieldMessage("name", "Give the exploration a name"));
        } else if (name.length() > MAX_NAME) {
            errors.add(new FieldMessage("name", "Use at most " + MAX_NAME + " characters"));
        }
        String description = input.description() == null ? "" : input.description().strip();
        if (description.length() > MAX_DESCRIPTION) {
            errors.add(new FieldMessage("description", "Use at most " + MAX_DESCRIPTION + " characters"));
        }
        String query = null;
        if (input.analysis() == null) {
            errors.add(new FieldMessage("analysis", "Name the analysis: event, funnel, path, retention, attribution "
                    + "or lifecycle"));
        } else if (input.query() == null || !input.query().isObject()) {
            errors.add(new FieldMessage("query", "Give the query as a JSON object, as /explore/"
                    + input.analysis().path() + " takes it"));
        } else {
            query = readable(input.query(), input.analysis(), errors);
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new SavedExploration(id, appId, name, description, input.analysis(), query, owner, clock.instant());
    }

    private String readable(JsonNode query, io.clickstream.studio.explore.model.Analysis analysis,
                            List<FieldMessage> errors) {
        try {
            json.treeToValue(query, analysis.queryType());
            String text = json.writeValueAsString(query);
            if (text.length() > MAX_QUERY_CHARS) {
                errors.add(new FieldMessage("query", "The query is too long (at most " + MAX_QUERY_CHARS
                        + " characters of JSON)"));
                return null;
            }
            return text;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            errors.add(new FieldMessage("query", "Not a " + analysis.path() + " query: "
                    + (e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage())));
            return null;
        }
    }

    private void requireApp(String appId) {
        if (apps.find(appId).isEmpty()) {
            throw new NotFoundException("No app '" + appId + "'");
        }
    }

    static String currentUser() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication == null ? "" : authentication.getName();
    }

    private static Map<String, Object> summary(SavedExploration e) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("appId", e.appId());
        summary.put("name", e.name());
        summary.put("description", e.description());
        summary.put("analysis", e.analysis().path());
        return summary;
    }
}
