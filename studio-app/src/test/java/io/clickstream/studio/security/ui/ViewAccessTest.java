package io.clickstream.studio.security.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.sidenav.SideNavItem;
import io.clickstream.studio.fixture.StudioTestProperties;
import io.clickstream.studio.fixture.StudioUi;
import io.clickstream.studio.project.AppInput;
import io.clickstream.studio.project.ProjectInput;
import io.clickstream.studio.project.ProjectService;
import io.clickstream.studio.security.Roles;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every view opened as each role through Vaadin's server-side navigation access control: the roles of the matrix
 * get the view, the others are refused, anonymous visitors land on the login view, and the menu lists only what
 * the user may open.
 */
@SpringBootTest(properties = {"clickstream.runtime=none", "clickstream.demo=false"})
class ViewAccessTest {

    static final Set<String> EVERYONE = Set.copyOf(Roles.ALL);
    static final Set<String> ADMIN = Set.of(Roles.ADMINISTRATOR);
    static final Set<String> ANALYST_OR_ABOVE = Set.of(Roles.ADMINISTRATOR, Roles.ANALYST);
    /** Route -> roles that may open it (HELPERS.md's matrix). */
    static final Map<String, Set<String>> VIEWS = new LinkedHashMap<>();

    static {
        VIEWS.put("", EVERYONE);
        for (String dashboard : List.of("acquisition", "engagement", "retention", "devices", "realtime", "details",
                "dashboards", "dashboards/no-such-dashboard")) {
            VIEWS.put(dashboard, EVERYONE);
        }
        VIEWS.put("add-to-dashboard", ANALYST_OR_ABOVE);
        VIEWS.put("tokens", EVERYONE);
        VIEWS.put("change-password", EVERYONE);
        VIEWS.put("projects", ADMIN);
        VIEWS.put("apps/access-app", ADMIN);
        VIEWS.put("admin/users", ADMIN);
        VIEWS.put("admin/audit", ADMIN);
    }

    @Autowired
    ApplicationContext context;
    @Autowired
    ProjectService projects;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        StudioTestProperties.register(registry);
    }

    @BeforeEach
    void startUi() {
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                "setup", null, AuthorityUtils.createAuthorityList(Roles.authority(Roles.ADMINISTRATOR))));
        if (projects.projects().stream().noneMatch(p -> p.value().id().equals("access-project"))) {
            projects.createProject(new ProjectInput("access-project", null, null, null, null));
            projects.createApp("access-project", new AppInput("access-app", null, null, null, null, null, null,
                    null, null));
        }
        SecurityContextHolder.clearContext();
        StudioUi.start(context);
    }

    @AfterEach
    void stopUi() {
        StudioUi.stop();
    }

    @Test
    void each_view_opens_for_exactly_its_roles() {
        for (Map.Entry<String, Set<String>> view : VIEWS.entrySet()) {
            for (String role : Roles.ALL) {
                StudioUi.signIn("user-" + role.toLowerCase(), role);
                UI.getCurrent().navigate("login");
                String what = role + " opening '" + view.getKey() + "'";
                if (view.getValue().contains(role)) {
                    UI.getCurrent().navigate(view.getKey());
                    assertThat(StudioUi.currentView().getClass().getSimpleName()).as(what)
                            .isNotEqualTo("LoginView");
                    assertThat(UI.getCurrent().getInternals().getActiveViewLocation().getPath()).as(what)
                            .isEqualTo(view.getKey());
                } else {
                    UI.getCurrent().navigate(view.getKey());
                    assertThat(StudioUi.currentView()).as(what).isInstanceOf(NoAccessView.class);
                    NoAccessView page = (NoAccessView) StudioUi.currentView();
                    assertThat(page.messageText()).as(what)
                            .startsWith("/" + view.getKey() + " is for ")
                            .endsWith("You are signed in as " + role + ".");
                }
            }
        }
    }

    @Test
    void names_the_roles_a_refused_page_is_for() {
        StudioUi.signIn("reader", Roles.READER);
        UI.getCurrent().navigate("admin/users");
        assertThat(((NoAccessView) StudioUi.currentView()).messageText())
                .isEqualTo("/admin/users is for Administrator. You are signed in as Reader.");
        UI.getCurrent().navigate("explore/funnel");
        assertThat(((NoAccessView) StudioUi.currentView()).messageText())
                .isEqualTo("/explore/funnel is for Administrator or Analyst. You are signed in as Reader.");
    }

    @Test
    void sends_anonymous_visitors_to_the_login_view_from_every_view() {
        for (String route : VIEWS.keySet()) {
            UI.getCurrent().navigate(route);
            assertThat(StudioUi.currentView()).as(route).isInstanceOf(LoginView.class);
        }
    }

    @Test
    void the_menu_lists_only_what_the_role_may_open() {
        assertThat(menuFor(Roles.READER)).contains("Overview", "Acquisition", "Engagement", "Retention", "Devices",
                "Realtime", "Details", "Dashboards").doesNotContain("Projects", "Users", "Audit log");
        assertThat(menuFor(Roles.OPERATOR)).doesNotContain("Projects", "Users", "Audit log");
        assertThat(menuFor(Roles.ADMINISTRATOR)).contains("Overview", "Projects", "Users", "Audit log");
    }

    private List<String> menuFor(String role) {
        StudioUi.signIn("menu-" + role.toLowerCase(), role);
        UI.getCurrent().navigate("login");
        UI.getCurrent().navigate("");
        return com.github.mvysny.kaributesting.v10.LocatorJ._find(SideNavItem.class).stream()
                .map(SideNavItem::getLabel).toList();
    }
}
