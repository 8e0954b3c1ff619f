package io.clickstream.studio.dashboard.ui;

import com.vaadin.flow.component.Component;
import io.clickstream.studio.dashboard.Dashboard;

/**
 * A control another feature adds to a custom dashboard's header (e.g. embed links), so that feature depends on
 * dashboards and not the other way round. Spring beans of this type are picked up by the dashboard page.
 */
public interface DashboardPageAction {

    /** The control for this dashboard, or null when the signed-in user may not use it. */
    Component create(Dashboard dashboard);
}
