package io.clickstream.studio.dashboard.builtin.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.clickstream.studio.base.BackgroundTasks;
import io.clickstream.studio.base.ui.AppSelection;
import io.clickstream.studio.base.ui.Card;
import io.clickstream.studio.base.ui.MainLayout;
import io.clickstream.studio.base.ui.chart.ChartOptions;
import io.clickstream.studio.base.ui.chart.EChart;
import io.clickstream.studio.dashboard.builtin.BuiltInDashboards;
import io.clickstream.studio.dashboard.builtin.BuiltInDashboards.DevicesReport;
import io.clickstream.studio.dashboard.ui.EmptyStates;
import io.clickstream.studio.explore.DashboardQueries.ValueCount;
import io.clickstream.studio.explore.LakeCommits;
import io.clickstream.studio.explore.sql.DashboardSql.Dimension;
import io.clickstream.studio.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Devices: active users by device category, platform, operating system, browser, screen, app version and model. */
@Route(value = "devices", layout = MainLayout.class)
@PageTitle("Devices")
@Menu(order = 4, icon = "vaadin:mobile", title = "Devices")
@RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR, Roles.ANALYST, Roles.READER})
class DevicesView extends BuiltInView<DevicesReport> {

    static final Map<Dimension, String> TITLES = new EnumMap<>(Dimension.class);

    static {
        TITLES.put(Dimension.DEVICE_CATEGORY, "Device category");
        TITLES.put(Dimension.PLATFORM, "Platform");
        TITLES.put(Dimension.OS, "Operating system");
        TITLES.put(Dimension.BROWSER, "Browser");
        TITLES.put(Dimension.SCREEN_RESOLUTION, "Screen resolution");
        TITLES.put(Dimension.APP_VERSION, "App version");
        TITLES.put(Dimension.DEVICE_MODEL, "Device model");
    }

    final BuiltInDashboards dashboards;
    final Map<Dimension, EChart> charts = new EnumMap<>(Dimension.class);

    DevicesView(BuiltInDashboards dashboards, BackgroundTasks tasks, EmptyStates emptyStates, LakeCommits commits) {
        super("Devices", tasks, emptyStates, commits);
        this.dashboards = dashboards;
        Div grid = new Div();
        grid.addClassName("cs-charts");
        for (Dimension dimension : BuiltInDashboards.DEVICES) {
            EChart chart = new EChart();
            chart.setId("devices-" + dimension.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            chart.setHeight(donut(dimension) ? "280px" : "340px");
            charts.put(dimension, chart);
            grid.add(Card.chart(TITLES.get(dimension), chart));
        }
        content.add(grid);
    }

    @Override
    DevicesReport load(AppSelection selection) {
        return dashboards.devices(selection.appId(), selection.from(), selection.to());
    }

    @Override
    Optional<DevicesReport> cached(AppSelection selection) {
        return dashboards.cached(DevicesReport.class, selection.appId(), selection.from(), selection.to());
    }

    @Override
    boolean isEmpty(DevicesReport data) {
        return data.breakdowns().values().stream().allMatch(List::isEmpty);
    }

    @Override
    void render(DevicesReport data, AppSelection selection) {
        data.breakdowns().forEach((dimension, rows) -> {
            List<String> names = rows.stream().map(ValueCount::value).toList();
            List<Long> users = rows.stream().map(ValueCount::users).toList();
            charts.get(dimension).setOption(donut(dimension) ? ChartOptions.donut("Users", names, users)
                    : ChartOptions.rankedBars("Users", names, users, ChartOptions.color(dimension.ordinal())));
        });
    }

    private static boolean donut(Dimension dimension) {
        return dimension == Dimension.DEVICE_CATEGORY || dimension == Dimension.PLATFORM;
    }
}
