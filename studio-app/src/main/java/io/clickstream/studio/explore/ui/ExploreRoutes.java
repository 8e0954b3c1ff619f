package io.clickstream.studio.explore.ui;

import com.vaadin.flow.component.Component;

/** The view class of each analysis, for links between them. */
final class ExploreRoutes {

    private ExploreRoutes() {
    }

    static Class<? extends Component> viewOf(Analysis analysis) {
        return switch (analysis) {
            case EVENT -> EventExploreView.class;
            case FUNNEL -> FunnelExploreView.class;
            case PATH -> PathExploreView.class;
            case RETENTION -> RetentionExploreView.class;
            case ATTRIBUTION -> AttributionExploreView.class;
            case LIFECYCLE -> LifecycleExploreView.class;
        };
    }
}
