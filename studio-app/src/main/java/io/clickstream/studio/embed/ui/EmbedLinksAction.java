package io.clickstream.studio.embed.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.spring.annotation.SpringComponent;
import io.clickstream.studio.base.DateRangeChoice;
import io.clickstream.studio.base.ui.AppSelection;
import io.clickstream.studio.base.ui.MainLayout;
import io.clickstream.studio.dashboard.Dashboard;
import io.clickstream.studio.dashboard.DashboardService;
import io.clickstream.studio.dashboard.ui.DashboardPageAction;
import io.clickstream.studio.embed.EmbedService;

/** The "Embed" button of a custom dashboard's header, for administrators: the dashboard's embed links in a dialog. */
@SpringComponent
class EmbedLinksAction implements DashboardPageAction {

    private final EmbedService embeds;
    private final DashboardService dashboards;

    EmbedLinksAction(EmbedService embeds, DashboardService dashboards) {
        this.embeds = embeds;
        this.dashboards = dashboards;
    }

    @Override
    public Component create(Dashboard dashboard) {
        if (!embeds.canManage()) {
            return null;
        }
        Button open = new Button("Embed", VaadinIcon.CODE.create());
        open.setId("embed-links");
        open.setTooltipText("Share this dashboard in an internal portal");
        open.addClickListener(click -> {
            Dialog dialog = new Dialog();
            dialog.setHeaderTitle("Embed links of " + dashboard.name());
            dialog.setWidth("min(960px, 95vw)");
            // The link starts from the dates the dashboard shows (a relative range stays relative in the link).
            DateRangeChoice shown = MainLayout.shownSelection().map(AppSelection::range)
                    .orElse(DateRangeChoice.LAST_30_DAYS);
            dialog.add(new EmbedLinksPanel(embeds, dashboard, dashboards.tiles(dashboard), shown));
            dialog.getFooter().add(new Button("Close", close -> dialog.close()));
            dialog.open();
        });
        return open;
    }
}
