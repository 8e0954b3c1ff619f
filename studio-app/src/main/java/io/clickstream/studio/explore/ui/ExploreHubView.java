package io.clickstream.studio.explore.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import io.clickstream.studio.base.ui.MainLayout;
import io.clickstream.studio.base.ui.ViewHeader;
import io.clickstream.studio.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Explore's start page: the six analyses to start from, each with a line on what it answers. */
@Route(value = "explore", layout = MainLayout.class)
@PageTitle("Explore")
@Menu(order = 10, icon = "vaadin:chart-grid", title = "Explore")
@RolesAllowed({Roles.ADMINISTRATOR, Roles.ANALYST})
class ExploreHubView extends Main implements BeforeEnterObserver {

    final Map<Analysis, RouterLink> starts = new EnumMap<>(Analysis.class);

    ExploreHubView() {
        addClassNames("cs-dashboard", "cs-explore-hub");
        add(new ViewHeader("Explore", "Ask your own questions of the events: pick an analysis, build it, and share "
                + "its link. Every exploration's address holds all of it."));
        Div cards = new Div();
        cards.addClassName("cs-analysis-cards");
        for (Analysis analysis : Analysis.values()) {
            RouterLink card = new RouterLink(ExploreRoutes.viewOf(analysis));
            card.addClassNames("cs-card", "cs-analysis-card");
            card.setId("start-" + analysis.path());
            Div icon = new Div(analysis.icon().create());
            icon.addClassName("cs-analysis-icon");
            card.add(icon, new H3(analysis.title()), new Paragraph(analysis.description()));
            starts.put(analysis, card);
            cards.add(card);
        }
        add(cards);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        List<String> app = event.getLocation().getQueryParameters().getParameters().get(ExplorationUrl.APP);
        starts.values().forEach(link -> link.setQueryParameters(app == null || app.isEmpty() ? QueryParameters.empty()
                : QueryParameters.of(ExplorationUrl.APP, app.get(0))));
    }
}
