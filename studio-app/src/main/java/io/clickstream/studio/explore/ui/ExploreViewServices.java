package io.clickstream.studio.explore.ui;

import com.vaadin.flow.spring.security.AuthenticationContext;
import io.clickstream.metadata.apps.AppRecord;
import io.clickstream.studio.explore.EventCatalog.AppMetadata;
import io.clickstream.studio.explore.ExploreService;
import io.clickstream.studio.project.ProjectService;
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
    private final ProjectService projects;
    private final Clock clock;
    private final AuthenticationContext authentication;

    ExploreViewServices(ExploreService explore, ProjectService projects, Clock clock, ExplorationThreads threads,
                        AuthenticationContext authentication) {
        this.explore = explore;
        this.projects = projects;
        this.clock = clock;
        this.threads = threads;
        this.authentication = authentication;
        this.labels = new ExploreLabels(ExploreLabels.DisplayNameLookup.RAW);
    }

    /** The apps, by name. */
    List<AppRecord> apps() {
        return projects.apps().stream().map(v -> v.value())
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

    String user() {
        return authentication.getPrincipalName().orElse("anonymous");
    }
}
