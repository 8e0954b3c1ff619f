package io.clickstream.studio.security.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.router.AccessDeniedException;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.ParentLayout;
import com.vaadin.flow.router.RouteConfiguration;
import com.vaadin.flow.spring.security.AuthenticationContext;
import io.clickstream.studio.base.ui.MainLayout;
import io.clickstream.studio.security.Roles;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a signed-in user sees on a page their role does not open (a shared Explore link opened by a Reader, an admin
 * page opened by an Analyst): a page inside the shell that names the roles the page is for and the user's own, with
 * a link back to the Overview, answered with status 403. Vaadin's default shows "page not found" instead, which
 * sends people looking for a broken link. Visitors who are not signed in still go to the sign-in page first.
 */
@ParentLayout(MainLayout.class)
@PageTitle("No access")
@PermitAll
public final class NoAccessView extends Main implements HasErrorParameter<AccessDeniedException> {

    final Paragraph message = new Paragraph();
    final Paragraph advice = new Paragraph();
    final Anchor home = new Anchor("", "Go to the Overview");

    private final AuthenticationContext authentication;

    public NoAccessView(AuthenticationContext authentication) {
        this.authentication = authentication;
        addClassName("cs-dashboard");
        home.setId("no-access-home");
        home.addClassName("cs-primary-link");
        Div card = new Div(new H2("You don't have access to this page"), message, advice, home);
        card.addClassNames("cs-card", "cs-empty", "cs-not-found");
        add(card);
    }

    @Override
    public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<AccessDeniedException> parameter) {
        String path = event.getLocation().getPath();
        List<String> mine = Roles.ALL.stream().filter(authentication::hasRole).toList();
        Optional<List<String>> allowed = rolesOf(path);
        message.setText("/" + path + " is for " + allowed.map(NoAccessView::names).orElse("other roles")
                + ". You are signed in as " + (mine.isEmpty() ? "a user without a role" : names(mine)) + ".");
        advice.setText("Ask an Administrator for a role that opens it, or use the menu to see what you can open.");
        return HttpServletResponse.SC_FORBIDDEN;
    }

    /** The text naming the page's roles and the user's (for tests of other packages). */
    public String messageText() {
        return message.getText();
    }

    /** The roles of the view at {@code path}, when it is a studio view with {@code @RolesAllowed}. */
    static Optional<List<String>> rolesOf(String path) {
        Optional<Class<? extends Component>> target = RouteConfiguration.forApplicationScope().getRoute(path);
        return target.map(view -> view.getAnnotation(RolesAllowed.class))
                .map(roles -> Arrays.stream(roles.value()).toList());
    }

    /** "Administrator", "Administrator or Analyst", "Administrator, Operator or Analyst". */
    static String names(List<String> roles) {
        if (roles.size() == 1) {
            return roles.get(0);
        }
        return String.join(", ", roles.subList(0, roles.size() - 1)) + " or " + roles.get(roles.size() - 1);
    }
}
