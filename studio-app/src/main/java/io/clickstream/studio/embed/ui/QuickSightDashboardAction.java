package io.clickstream.studio.embed.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.VaadinServletRequest;
import com.vaadin.flow.spring.annotation.SpringComponent;
import io.clickstream.studio.base.InvalidInputException;
import io.clickstream.studio.dashboard.Dashboard;
import io.clickstream.studio.dashboard.DashboardService;
import io.clickstream.studio.dashboard.ui.DashboardPageAction;
import io.clickstream.studio.embed.EmbedUrls;
import io.clickstream.studio.embed.quicksight.QuickSightEmbedding;
import io.clickstream.studio.embed.quicksight.QuickSightFailure;
import io.clickstream.studio.embed.quicksight.QuickSightLinks;
import java.util.Optional;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The "QuickSight" button of a custom dashboard's header when QuickSight is configured: the linked QuickSight
 * dashboard in a dialog, as the signed-in user's QuickSight user; analysts and administrators set the link there.
 */
@SpringComponent
class QuickSightDashboardAction implements DashboardPageAction {

    private final QuickSightEmbedding embedding;
    private final QuickSightLinks links;
    private final DashboardService dashboards;

    QuickSightDashboardAction(QuickSightEmbedding embedding, QuickSightLinks links, DashboardService dashboards) {
        this.embedding = embedding;
        this.links = links;
        this.dashboards = dashboards;
    }

    @Override
    public Component create(Dashboard dashboard) {
        if (!embedding.enabled()) {
            return null;
        }
        Optional<String> linked = links.find(dashboard.id());
        if (linked.isEmpty() && !dashboards.canEdit()) {
            return null;
        }
        Button open = new Button("QuickSight", VaadinIcon.CHART.create());
        open.setId("quicksight-dashboard");
        open.addClickListener(click -> open(dashboard));
        return open;
    }

    private void open(Dashboard dashboard) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("QuickSight: " + dashboard.name());
        dialog.setWidth("min(1200px, 95vw)");
        Div content = new Div();
        content.setWidthFull();
        show(dashboard, content);
        dialog.add(content);
        if (dashboards.canEdit()) {
            TextField id = new TextField("QuickSight dashboard id");
            id.setId("quicksight-dashboard-id");
            id.setValue(links.find(dashboard.id()).orElse(""));
            Button save = new Button("Link", click -> {
                try {
                    links.link(dashboard.id(), id.getValue().strip());
                    id.setInvalid(false);
                    show(dashboard, content);
                } catch (InvalidInputException e) {
                    id.setErrorMessage(e.errors().get(0).message());
                    id.setInvalid(true);
                }
            });
            save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            dialog.getFooter().add(id, save);
        }
        dialog.getFooter().add(new Button("Close", click -> dialog.close()));
        dialog.open();
    }

    private void show(Dashboard dashboard, Div content) {
        content.removeAll();
        Optional<String> linked = links.find(dashboard.id());
        if (linked.isEmpty()) {
            content.add(new Paragraph("No QuickSight dashboard is linked yet: give its id (from its URL in QuickSight) "
                    + "below."));
            return;
        }
        try {
            String url = embedding.dashboardUrl(linked.get(),
                    SecurityContextHolder.getContext().getAuthentication().getName(),
                    EmbedUrls.origin(((VaadinServletRequest) VaadinRequest.getCurrent()).getHttpServletRequest()));
            QuickSightFrame frame = new QuickSightFrame();
            frame.setHeight("70vh");
            frame.show(QuickSightFrame.Kind.DASHBOARD, url);
            content.add(frame);
        } catch (QuickSightFailure failure) {
            Paragraph message = new Paragraph(failure.getMessage());
            message.addClassName("cs-tile-message");
            content.add(message);
        }
    }
}
