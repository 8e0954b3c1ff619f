package io.clickstream.studio.dashboard.ui;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.server.VaadinRequest;
import io.clickstream.metadata.apps.AppRepository;
import io.clickstream.studio.base.DateRangeChoice;
import io.clickstream.studio.base.ui.AppSelection;
import io.clickstream.studio.explore.EventQueries;
import io.clickstream.studio.project.SdkSnippets;
import io.clickstream.studio.security.Roles;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * The cards a dashboard shows instead of empty charts, each saying what to do next: add an app (no app exists), send
 * a first event (with a curl command for the app and, for administrators, a link to the app's page with the SDK
 * snippets), or pick a longer range (the app has events, none in the range).
 */
@Component
public class EmptyStates {

    private final SdkSnippets snippets;
    private final EventQueries events;
    private final AppRepository apps;

    EmptyStates(SdkSnippets snippets, EventQueries events, AppRepository apps) {
        this.snippets = snippets;
        this.events = events;
        this.apps = apps;
    }

    /** No app exists yet (or none the user may see). */
    public Div noApps() {
        Div card = card("No apps yet", "Dashboards show the events that apps send. An app is added on the Projects "
                + "page, which gives it an endpoint and code for the web, Android and iOS SDKs.");
        if (isAdministrator()) {
            card.add(link("projects", "Add an app on the Projects page"));
        } else {
            card.add(new Paragraph("Ask an administrator of this studio to add one."));
        }
        return card;
    }

    /** The app has no event in the selection's range: none ever (send one), or none in these dates. */
    public Div noEvents(AppSelection selection) {
        String appId = selection.appId();
        if (events.apps().contains(appId)) {
            Div card = card("No events in this range", "App " + selection.app().label() + " has events, but none "
                    + "dated " + DateRangeChoice.days(selection.from(), selection.to()) + " in its time zone ("
                    + selection.app().zone().getId() + "). Pick a longer range in the header.");
            card.setId("empty-range");
            return card;
        }
        Div card = card("No events yet", "App " + selection.app().label() + " has not sent any events yet. Send one "
                + "from a terminal with:");
        card.setId("empty-no-events");
        String host = VaadinRequest.getCurrent() == null ? null : VaadinRequest.getCurrent().getHeader("Host");
        // The endpoint of the pipeline that serves the app's project (its own, else the default one).
        String projectId = apps.find(appId).map(app -> app.value().projectId()).orElse(null);
        Pre curl = new Pre(snippets.curl(appId, snippets.endpoint(host == null ? null : host.replaceFirst(":\\d+$", ""),
                projectId)));
        curl.addClassName("cs-code");
        card.add(curl, new Paragraph("Events show up here within a minute of being accepted; this page updates by "
                + "itself."));
        if (isAdministrator()) {
            card.add(link("apps/" + appId, "Code for the web, Android and iOS SDKs"));
        }
        return card;
    }

    private static Div card(String title, String text) {
        Div card = new Div(new H3(title), new Paragraph(text));
        card.addClassNames("cs-card", "cs-empty");
        return card;
    }

    private static Anchor link(String href, String text) {
        Anchor anchor = new Anchor(href, text);
        anchor.addClassName("cs-primary-link");
        return anchor;
    }

    static boolean isAdministrator() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getAuthorities().stream()
                .anyMatch(a -> a.getAuthority().equals(Roles.authority(Roles.ADMINISTRATOR)));
    }
}
