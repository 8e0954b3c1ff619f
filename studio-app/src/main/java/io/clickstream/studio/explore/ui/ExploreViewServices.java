package io.clickstream.studio.explore.ui;

import com.vaadin.flow.spring.security.AuthenticationContext;
import io.clickstream.metadata.apps.AppRecord;
import io.clickstream.studio.explore.EventCatalog.AppMetadata;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clickstream.studio.explore.ExploreService;
import io.clickstream.studio.explore.saved.SavedExploration;
import io.clickstream.studio.explore.saved.SavedExplorationInput;
import io.clickstream.studio.explore.saved.SavedExplorationService;
import io.clickstream.studio.metadata.DisplayNames;
import io.clickstream.studio.metadata.MetadataCatalog;
import io.clickstream.studio.metadata.MetadataKind;
import io.clickstream.studio.metadata.ParameterMetadata;
import io.clickstream.metadata.apps.AppRepository;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * What every Explore view works with: the engine, the apps a user may explore, labels, the clock, the threads
 * queries run on, and who is signed in. One bean so each view takes one constructor argument.
 */
@Component
class ExploreViewServices {

    final ExploreService explore;
    final ExplorationThreads threads;
    final ExploreLabels labels;
    private final AppRepository projects;
    private final SavedExplorationService saved;
    private final ObjectMapper json;
    private final Clock clock;
    private final AuthenticationContext authentication;

    ExploreViewServices(ExploreService explore, AppRepository projects, Clock clock, ExplorationThreads threads,
                        AuthenticationContext authentication, DisplayNames displayNames, MetadataCatalog metadata,
                        SavedExplorationService saved, ObjectMapper json) {
        this.saved = saved;
        this.json = json;
        this.explore = explore;
        this.projects = projects;
        this.clock = clock;
        this.threads = threads;
        this.authentication = authentication;
        this.labels = new ExploreLabels(metadataNames(displayNames, metadata));
    }

    /**
     * The metadata manager's display names. A builder offers a custom parameter once for all events (conditions
     * name it without its event), so it reads as the display name an analyst gave it on any event, else as its
     * preset's.
     */
    static ExploreLabels.DisplayNameLookup metadataNames(DisplayNames names, MetadataCatalog metadata) {
        return new ExploreLabels.DisplayNameLookup() {
            @Override
            public String event(String appId, String eventName) {
                return names.event(appId, eventName);
            }

            @Override
            public String parameter(String appId, String name) {
                return metadata.all(appId, MetadataKind.PARAMETERS).stream()
                        .filter(p -> p.name().equals(name) && p.displayName() != null && !p.displayName().isBlank()
                                && !p.displayName().equals(name))
                        .map(ParameterMetadata::displayName).findFirst()
                        .orElseGet(() -> names.parameter(appId, "", name));
            }

            @Override
            public String userAttribute(String appId, String name) {
                return names.userAttribute(appId, name);
            }
        };
    }

    /** The apps, by name. */
    List<AppRecord> apps() {
        return projects.list().stream().map(v -> v.value())
                .sorted(Comparator.comparing((AppRecord a) -> a.name().toLowerCase(java.util.Locale.ROOT))
                        .thenComparing(AppRecord::appId))
                .toList();
    }

    /** The builder's view of one app: its events and properties, its time zone and today there. */
    BuilderCatalog catalog(AppRecord app) {
        ZoneId zone = app.zone();
        AppMetadata metadata = explore.metadata(app.appId());
        return BuilderCatalog.of(app.appId(), zone, LocalDate.now(clock.withZone(zone)), metadata, labels);
    }

    /** Saves a query of an analysis as the explore API takes it (so dashboards run it as the API would). */
    SavedExploration save(String appId, Analysis analysis, Object query, String name, String description) {
        return saved.create(appId, new SavedExplorationInput(name, description,
                io.clickstream.studio.explore.model.Analysis.of(analysis.path()), json.valueToTree(query), null))
                .value();
    }

    String user() {
        return authentication.getPrincipalName().orElse("anonymous");
    }
}
