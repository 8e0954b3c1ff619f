package io.clickstream.studio.overview.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.shared.Registration;
import io.clickstream.studio.base.ui.MainLayout;
import io.clickstream.studio.base.ui.chart.ChartOptions;
import io.clickstream.studio.base.ui.chart.EChart;
import io.clickstream.studio.overview.Overview;
import io.clickstream.studio.overview.OverviewService;
import io.clickstream.studio.explore.DailyCount;
import io.clickstream.studio.explore.exec.QueryFailure;
import io.clickstream.studio.explore.NamedCount;
import io.clickstream.studio.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import java.text.NumberFormat;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The Overview dashboard of one app over the last 30 days. Until the lake has modeled events it explains that it is
 * waiting for the first ETL run and checks again by itself.
 */
@Route(value = "", layout = MainLayout.class)
@PageTitle("Overview")
@Menu(order = 0, icon = "vaadin:dashboard", title = "Overview")
@RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR, Roles.ANALYST, Roles.READER})
class OverviewView extends Main {

    static final String WAITING_TITLE = "Waiting for the first ETL run…";
    static final int EMPTY_POLL_MILLIS = 15_000;

    private static final DateTimeFormatter DAY_LABEL = DateTimeFormatter.ofPattern("MMM d", Locale.ENGLISH);
    private static final DateTimeFormatter RANGE_LABEL = DateTimeFormatter.ofPattern("MMM d, yyyy", Locale.ENGLISH);

    final OverviewService service;

    final H2 appTitle = new H2();
    final Select<String> appPicker = new Select<>();
    final Paragraph rangeLabel = new Paragraph();
    final Button refresh = new Button("Refresh", VaadinIcon.REFRESH.create());

    final Span eventsKpi = new Span();
    final Span usersKpi = new Span();
    final Span sessionsKpi = new Span();
    final EChart eventsPerDayChart = new EChart();
    final EChart activeUsersChart = new EChart();
    final EChart topEventsChart = new EChart();
    final Div dashboard;

    final Div emptyState = new Div();
    final H3 emptyTitle = new H3();
    final Paragraph emptyMessage = new Paragraph();

    private final NumberFormat numbers = NumberFormat.getIntegerInstance(Locale.ENGLISH);
    private Registration pollRegistration;

    OverviewView(OverviewService service) {
        this.service = service;
        addClassName("cs-dashboard");

        appPicker.setLabel("App");
        appPicker.setAriaLabel("App");
        appPicker.addValueChangeListener(event -> {
            if (event.isFromClient() && event.getValue() != null) {
                show(event.getValue());
            }
        });
        refresh.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        refresh.addClickListener(click -> reload());

        appTitle.setText("Overview");
        rangeLabel.addClassName("cs-subtitle");
        Div heading = new Div(appTitle, rangeLabel);
        Div tools = new Div(appPicker, refresh);
        tools.getStyle().set("display", "flex").set("align-items", "flex-end").set("gap", "var(--lumo-space-s)");
        Div header = new Div(heading, tools);
        header.addClassName("cs-dashboard-header");

        Div kpis = new Div(kpi("Events", eventsKpi), kpi("Users", usersKpi), kpi("Sessions", sessionsKpi));
        kpis.addClassName("cs-kpis");

        eventsPerDayChart.setId("events-per-day");
        activeUsersChart.setId("active-users-per-day");
        topEventsChart.setId("top-events");
        topEventsChart.setHeight("360px");
        Div topEventsCard = chartCard("Top events", topEventsChart);
        topEventsCard.addClassName("cs-chart-wide");
        Div charts = new Div(chartCard("Events per day", eventsPerDayChart),
                chartCard("Active users per day", activeUsersChart), topEventsCard);
        charts.addClassName("cs-charts");

        dashboard = new Div(kpis, charts);
        dashboard.getStyle().set("display", "flex").set("flex-direction", "column").set("gap", "var(--lumo-space-l)");

        emptyState.addClassNames("cs-card", "cs-empty");
        emptyState.add(emptyTitle, emptyMessage);

        add(header, emptyState, dashboard);
        reload();
    }

    @Override
    protected void onAttach(AttachEvent event) {
        pollRegistration = event.getUI().addPollListener(poll -> {
            if (emptyState.isVisible()) {
                reload();
            }
        });
        updatePolling(event.getUI());
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (pollRegistration != null) {
            pollRegistration.remove();
            pollRegistration = null;
        }
        event.getUI().setPollInterval(-1);
    }

    /** Re-reads the app list and the selected app's numbers; new ETL output shows up without a page reload. */
    void reload() {
        List<String> apps;
        try {
            apps = service.apps();
        } catch (RuntimeException e) {
            showFailure(e);
            return;
        }
        String current = appPicker.getValue();
        String selected = current != null && apps.contains(current) ? current : apps.isEmpty() ? null : apps.get(0);
        appPicker.setItems(apps);
        appPicker.setVisible(apps.size() > 1);
        if (selected == null) {
            appTitle.setText("Overview");
            rangeLabel.setText("No apps with data yet");
            showEmpty(WAITING_TITLE, "No modeled events are in the lake yet. Events sent to the ingestion service "
                    + "appear here after the next ETL run, which writes them to <data-dir>/lake/modeled/event "
                    + "(every minute in local mode). This page checks again by itself.");
            return;
        }
        appPicker.setValue(selected);
        show(selected);
    }

    private void show(String appId) {
        Overview overview;
        try {
            overview = service.overview(appId);
        } catch (QueryFailure e) {
            showFailure(e);
            return;
        }
        appTitle.setText(appId);
        rangeLabel.setText("Last 30 days · " + overview.range().from().format(RANGE_LABEL)
                + " – " + overview.range().to().format(RANGE_LABEL) + " (UTC)");
        if (overview.isEmpty()) {
            showEmpty("No events in the last 30 days",
                    "App " + appId + " has modeled events, but none dated in the last 30 days.");
            return;
        }
        eventsKpi.setText(numbers.format(overview.totals().events()));
        usersKpi.setText(numbers.format(overview.totals().users()));
        sessionsKpi.setText(numbers.format(overview.totals().sessions()));

        List<String> days = overview.eventsPerDay().stream().map(d -> d.day().format(DAY_LABEL)).toList();
        eventsPerDayChart.setOption(ChartOptions.line("Events", days, counts(overview.eventsPerDay()),
                ChartOptions.color(0)));
        activeUsersChart.setOption(ChartOptions.line("Active users", days, counts(overview.activeUsersPerDay()),
                ChartOptions.color(1)));
        topEventsChart.setOption(ChartOptions.rankedBars("Events",
                overview.topEvents().stream().map(NamedCount::name).toList(),
                overview.topEvents().stream().map(NamedCount::count).toList(), ChartOptions.color(0)));

        emptyState.setVisible(false);
        dashboard.setVisible(true);
        getUI().ifPresent(this::updatePolling);
    }

    private void showEmpty(String title, String message) {
        emptyTitle.setText(title);
        emptyMessage.setText(message);
        emptyState.setVisible(true);
        dashboard.setVisible(false);
        getUI().ifPresent(this::updatePolling);
    }

    private void showFailure(RuntimeException e) {
        Notification notification = Notification.show("Could not read the lake: " + e.getMessage(), 8000,
                Notification.Position.BOTTOM_END);
        notification.addThemeVariants(NotificationVariant.LUMO_ERROR);
    }

    private void updatePolling(UI ui) {
        ui.setPollInterval(emptyState.isVisible() ? EMPTY_POLL_MILLIS : -1);
    }

    private static List<Long> counts(List<DailyCount> daily) {
        return daily.stream().map(DailyCount::count).toList();
    }

    private static Div kpi(String label, Span value) {
        Span caption = new Span(label);
        caption.addClassName("cs-kpi-label");
        value.addClassName("cs-kpi-value");
        value.getStyle().set("display", "block");
        Div card = new Div(caption, value);
        card.addClassName("cs-card");
        return card;
    }

    private static Div chartCard(String title, EChart chart) {
        Div card = new Div(new H3(title), chart);
        card.addClassName("cs-card");
        return card;
    }
}
