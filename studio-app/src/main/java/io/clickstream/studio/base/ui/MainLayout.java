package io.clickstream.studio.base.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.AfterNavigationEvent;
import com.vaadin.flow.router.AfterNavigationObserver;
import com.vaadin.flow.router.Location;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.server.VaadinSession;
import com.vaadin.flow.server.menu.MenuConfiguration;
import com.vaadin.flow.server.menu.MenuEntry;
import com.vaadin.flow.spring.security.AuthenticationContext;
import io.clickstream.studio.base.AppChoice;
import io.clickstream.studio.base.AppChoices;
import io.clickstream.studio.base.DateRangeChoice;
import jakarta.annotation.security.PermitAll;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The studio shell: the brand and the menu in the drawer; the current view's title, the app picker, the date range
 * and the theme switch in the header; who is signed in. The menu lists every view annotated with {@code @Menu} that
 * the current user may open, so features add themselves without this class knowing them.
 *
 * <p>For an {@link AppScopedView} the URL holds the app and the range ({@link AppSelection}): this layout reads them
 * after each navigation, fills in what the URL lacks (the session's last choice, else the first app and the last 30
 * days) by replacing the URL without a new history entry, and hands the selection to the view. A choice in the
 * header navigates to the same view with the new parameters, so back and forward walk through choices. Menu links
 * carry the current choice to the next dashboard.
 */
@PermitAll
public final class MainLayout extends AppLayout implements AfterNavigationObserver {

    /** Session attribute: the last app and range chosen, for views opened without them in the URL. */
    static final String LAST_CHOICE = MainLayout.class.getName() + ".lastChoice";

    final H1 viewTitle = new H1();
    final SideNav menu = new SideNav();
    final StudioHeader header = new StudioHeader();
    final Button logout;
    final Button tokens;
    final Button changePassword;

    private final AppChoices appChoices;
    private final Clock clock;
    private Location location;
    private AppSelection selection;

    public MainLayout(AuthenticationContext authentication, AppChoices appChoices, Clock clock) {
        this.appChoices = appChoices;
        this.clock = clock;
        setPrimarySection(Section.DRAWER);

        viewTitle.addClassName("cs-view-title");
        DrawerToggle toggle = new DrawerToggle();
        toggle.setAriaLabel("Show or hide the menu");
        header.onChoice(this::navigateTo);
        addToNavbar(toggle, viewTitle, header);

        Div mark = new Div();
        mark.addClassName("cs-brand-mark");
        Span name = new Span("Clickstream Studio");
        name.addClassName("cs-brand-name");
        Div brand = new Div(mark, name);
        brand.addClassName("cs-brand");

        logout = new Button(new Icon(VaadinIcon.SIGN_OUT), click -> authentication.logout());
        logout.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE);
        logout.setTooltipText("Sign out");
        logout.setAriaLabel("Sign out");
        tokens = new Button(new Icon(VaadinIcon.KEY), click -> getUI().ifPresent(ui -> ui.navigate("tokens")));
        tokens.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE);
        tokens.setTooltipText("API tokens");
        tokens.setAriaLabel("API tokens");
        changePassword = new Button(new Icon(VaadinIcon.LOCK),
                click -> getUI().ifPresent(ui -> ui.navigate("change-password")));
        changePassword.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE);
        changePassword.setTooltipText("Change password");
        changePassword.setAriaLabel("Change password");
        // Only users who signed in with a studio password have one to change (not single sign-on users).
        changePassword.setVisible(authentication.getAuthenticatedUser(Object.class)
                .map(principal -> principal instanceof org.springframework.security.core.userdetails.UserDetails)
                .orElse(false));
        Span user = new Span(authentication.getPrincipalName().orElse(""));
        user.addClassName("cs-user-name");
        Div actions = new Div(tokens, changePassword, logout);
        actions.addClassName("cs-user-actions");
        Div footer = new Div(user, actions);
        footer.addClassName("cs-drawer-footer");

        menu.setLabel("Menu");
        menu.getElement().setAttribute("aria-label", "Main menu");
        Div drawer = new Div(brand, menu, footer);
        drawer.addClassName("cs-drawer");
        addToDrawer(drawer);
    }

    @Override
    public void afterNavigation(AfterNavigationEvent event) {
        location = event.getLocation();
        Component content = getContent();
        viewTitle.setText(MenuConfiguration.getPageHeader(content).orElse(""));
        if (content instanceof AppScopedView scoped) {
            List<AppChoice> apps = appChoices.apps();
            selection = resolve(apps, location.getQueryParameters(), scoped.preferredAppId());
            header.show(apps, selection, scoped.usesDateRange());
            remember(selection);
            QueryParameters complete = merged(location.getQueryParameters(), selection.query());
            if (!complete.equals(location.getQueryParameters())) {
                // Fill in what the URL lacked without a new history entry, so that the address can be shared as is.
                location = new Location(location.getPath(), complete);
                UI.getCurrent().getPage().getHistory().replaceState(null, location);
            }
            buildMenu();
            scoped.showSelection(selection);
        } else {
            selection = null;
            header.show(List.of(), null, false);
            buildMenu();
        }
    }

    /**
     * The header's date-range control, for a view to mark it invalid with a message (an exploration's range refused
     * by the engine).
     */
    public HasValidation dateRangeField() {
        return header.rangePicker;
    }

    /**
     * The app and range the header shows in the current UI, for a dialog that starts from them (an embed link of the
     * dashboard on screen); empty outside app-scoped views.
     */
    public static Optional<AppSelection> shownSelection() {
        UI ui = UI.getCurrent();
        return ui == null ? Optional.empty() : ui.getInternals().getActiveRouterTargetsChain().stream()
                .filter(MainLayout.class::isInstance).map(MainLayout.class::cast).findFirst()
                .map(layout -> layout.selection);
    }

    /** The address shown, with the parameters filled in (what the browser's address bar holds). */
    Location location() {
        return location;
    }

    /** The app and range of the URL, completed by the session's last choice or the defaults. */
    AppSelection resolve(List<AppChoice> apps, QueryParameters query, String preferredApp) {
        Map<String, List<String>> parameters = query.getParameters();
        StudioHeader.Choice last = lastChoice();
        String wanted = first(parameters, AppSelection.APP)
                .orElse(preferredApp != null ? preferredApp : last == null ? null : last.appId());
        AppChoice app = apps.stream().filter(a -> a.appId().equals(wanted)).findFirst()
                .orElse(apps.isEmpty() ? null : apps.get(0));
        Optional<String> requestedApp = first(parameters, AppSelection.APP);
        if (requestedApp.isPresent() && app != null && !app.appId().equals(requestedApp.get())) {
            Notification.show("There is no app '" + requestedApp.get() + "' you can see: showing " + app.label()
                    + " instead", 6000, Notification.Position.TOP_CENTER);
        }
        Optional<String> requestedRange = first(parameters, AppSelection.RANGE);
        DateRangeChoice range = last == null ? DateRangeChoice.LAST_30_DAYS : last.range();
        if (requestedRange.isPresent()) {
            try {
                range = DateRangeChoice.read(requestedRange.get());
            } catch (IllegalArgumentException e) {
                Notification.show("The date range '" + requestedRange.get() + "' cannot be used (" + e.getMessage()
                        + "): showing " + range.label() + " instead", 6000, Notification.Position.TOP_CENTER);
            }
        }
        LocalDate today = LocalDate.now(clock.withZone(app == null ? ZoneOffset.UTC : app.zone()));
        return new AppSelection(app, range, today);
    }

    private void navigateTo(StudioHeader.Choice choice) {
        if (location == null) {
            return;
        }
        Map<String, List<String>> parameters = new HashMap<>(location.getQueryParameters().getParameters());
        if (choice.appId() != null) {
            parameters.put(AppSelection.APP, List.of(choice.appId()));
        }
        parameters.put(AppSelection.RANGE, List.of(choice.range().token()));
        UI.getCurrent().navigate(location.getPath(), new QueryParameters(parameters));
    }

    private void buildMenu() {
        menu.removeAll();
        StudioHeader.Choice last = lastChoice();
        for (MenuEntry entry : MenuConfiguration.getMenuEntries()) {
            SideNavItem item = entry.icon() == null
                    ? new SideNavItem(entry.title(), entry.path())
                    : new SideNavItem(entry.title(), entry.path(), new Icon(entry.icon()));
            if (last != null && entry.menuClass() != null && AppScopedView.class.isAssignableFrom(entry.menuClass())) {
                Map<String, List<String>> carried = new HashMap<>();
                if (last.appId() != null) {
                    carried.put(AppSelection.APP, List.of(last.appId()));
                }
                carried.put(AppSelection.RANGE, List.of(last.range().token()));
                item.setQueryParameters(new QueryParameters(carried));
            }
            menu.addItem(item);
        }
    }

    private static QueryParameters merged(QueryParameters current, QueryParameters selection) {
        Map<String, List<String>> all = new java.util.LinkedHashMap<>(selection.getParameters());
        current.getParameters().forEach(all::putIfAbsent);
        // Keep the URL's own order of keys when nothing changes, so equal parameters compare equal.
        return all.equals(current.getParameters()) ? current : new QueryParameters(all);
    }

    private static void remember(AppSelection selection) {
        VaadinSession session = VaadinSession.getCurrent();
        if (session != null) {
            session.setAttribute(LAST_CHOICE, new StudioHeader.Choice(selection.appId(), selection.range()));
        }
    }

    private static StudioHeader.Choice lastChoice() {
        VaadinSession session = VaadinSession.getCurrent();
        return session == null ? null : (StudioHeader.Choice) session.getAttribute(LAST_CHOICE);
    }

    private static Optional<String> first(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() || values.get(0).isBlank() ? Optional.empty()
                : Optional.of(values.get(0));
    }
}
