package io.clickstream.studio.base.ui;

import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.AfterNavigationEvent;
import com.vaadin.flow.router.AfterNavigationObserver;
import com.vaadin.flow.server.menu.MenuConfiguration;
import com.vaadin.flow.server.menu.MenuEntry;
import com.vaadin.flow.spring.security.AuthenticationContext;
import jakarta.annotation.security.PermitAll;

/**
 * The studio shell: the brand and the menu in the drawer, the current view's title in the navbar, and who is
 * signed in. The menu lists every view annotated with {@code @Menu} that the current user may open, so features
 * add themselves without this class knowing them.
 */
@PermitAll
public final class MainLayout extends AppLayout implements AfterNavigationObserver {

    final H1 viewTitle = new H1();
    final SideNav menu = new SideNav();
    final Button logout;
    final Button tokens;
    final Button changePassword;

    public MainLayout(AuthenticationContext authentication) {
        setPrimarySection(Section.DRAWER);

        viewTitle.addClassName("cs-view-title");
        addToNavbar(new DrawerToggle(), viewTitle);

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

        Div drawer = new Div(brand, menu, footer);
        drawer.addClassName("cs-drawer");
        addToDrawer(drawer);
    }

    @Override
    public void afterNavigation(AfterNavigationEvent event) {
        menu.removeAll();
        for (MenuEntry entry : MenuConfiguration.getMenuEntries()) {
            SideNavItem item = entry.icon() == null
                    ? new SideNavItem(entry.title(), entry.path())
                    : new SideNavItem(entry.title(), entry.path(), new Icon(entry.icon()));
            menu.addItem(item);
        }
        viewTitle.setText(MenuConfiguration.getPageHeader(getContent()).orElse(""));
    }
}
