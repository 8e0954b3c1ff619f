package io.clickstream.studio.project;

import io.clickstream.metadata.Versioned;
import io.clickstream.studio.base.AppChoice;
import io.clickstream.studio.base.AppChoices;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Component;

/** The header's apps: every app of the store the user may read, by name, with its time zone. */
@Component
class StoreAppChoices implements AppChoices {

    private final ProjectService projects;

    StoreAppChoices(ProjectService projects) {
        this.projects = projects;
    }

    @Override
    public List<AppChoice> apps() {
        return projects.apps().stream().map(Versioned::value)
                .map(app -> new AppChoice(app.appId(), app.name(), app.zone()))
                .sorted(Comparator.comparing((AppChoice a) -> a.name().toLowerCase(java.util.Locale.ROOT))
                        .thenComparing(AppChoice::appId))
                .toList();
    }
}
