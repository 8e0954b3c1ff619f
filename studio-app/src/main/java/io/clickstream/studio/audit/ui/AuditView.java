package io.clickstream.studio.audit.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.clickstream.studio.audit.AuditEntry;
import io.clickstream.studio.audit.AuditLog;
import io.clickstream.studio.audit.AuditPage;
import io.clickstream.studio.base.ui.MainLayout;
import io.clickstream.studio.base.ui.ViewHeader;
import io.clickstream.studio.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The audit log (Administrator): who changed what and when, newest first, a page at a time. */
@Route(value = "admin/audit", layout = MainLayout.class)
@PageTitle("Audit log")
@Menu(order = 95, icon = "vaadin:records", title = "Audit log")
@RolesAllowed(Roles.ADMINISTRATOR)
class AuditView extends Main {

    static final int PAGE = 50;
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MMM d, yyyy HH:mm:ss", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    final AuditLog auditLog;
    final Grid<AuditEntry> grid = new Grid<>();
    final Button older = new Button("Load older entries", VaadinIcon.ANGLE_DOUBLE_DOWN.create());
    final Div emptyState = new Div();
    final List<AuditEntry> entries = new ArrayList<>();
    private String next;

    AuditView(AuditLog auditLog) {
        this.auditLog = auditLog;
        addClassName("cs-dashboard");
        grid.addColumn(e -> TIME.format(e.at())).setHeader("When (UTC)").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(AuditEntry::actor).setHeader("Who").setAutoWidth(true).setFlexGrow(0);
        grid.addComponentColumn(e -> {
            Span action = new Span(e.action());
            action.getElement().getThemeList().add("badge pill");
            return action;
        }).setHeader("What").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(e -> e.targetType() + " " + e.targetId()).setHeader("Target").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(AuditEntry::summary).setHeader("Change").setFlexGrow(1);
        grid.addThemeVariants(GridVariant.LUMO_NO_BORDER, GridVariant.LUMO_WRAP_CELL_CONTENT);
        grid.setAllRowsVisible(true);
        older.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        older.addClickListener(click -> loadMore());
        emptyState.addClassName("cs-empty");
        emptyState.add(new H3("Nothing changed yet"), new Paragraph("Changes to projects, apps, users and tokens "
                + "appear here, whether made in the studio or through the API."));
        Div card = new Div(grid, emptyState, older);
        card.addClassNames("cs-card", "cs-grid-card");
        add(new ViewHeader("Audit log", "Every change made in the studio or through the API, newest first."), card);
        loadMore();
    }

    void loadMore() {
        AuditPage page = auditLog.page(next, PAGE);
        entries.addAll(page.items());
        next = page.next();
        grid.setItems(entries);
        older.setVisible(next != null);
        grid.setVisible(!entries.isEmpty());
        emptyState.setVisible(entries.isEmpty());
    }
}
