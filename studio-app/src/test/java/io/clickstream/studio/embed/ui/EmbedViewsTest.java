package io.clickstream.studio.embed.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.QueryParameters;
import io.clickstream.studio.base.DateRangeChoice;
import io.clickstream.studio.base.ui.MainLayout;
import io.clickstream.studio.dashboard.Dashboard;
import io.clickstream.studio.dashboard.DashboardInput;
import io.clickstream.studio.dashboard.DashboardService;
import io.clickstream.studio.dashboard.builtin.DashboardLake;
import io.clickstream.studio.embed.EmbedLinkInput;
import io.clickstream.studio.embed.EmbedService;
import io.clickstream.studio.explore.model.Analysis;
import io.clickstream.studio.explore.model.Condition;
import io.clickstream.studio.explore.model.EventResult;
import io.clickstream.studio.explore.model.Operator;
import io.clickstream.studio.explore.saved.SavedExplorationInput;
import io.clickstream.studio.explore.saved.SavedExplorationService;
import io.clickstream.studio.fixture.DashboardUiTest;
import io.clickstream.studio.fixture.StudioUi;
import io.clickstream.studio.security.Roles;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import io.clickstream.studio.security.ui.LoginView;

/**
 * Embed links on screen: an administrator makes one from the dashboard page and revokes it there; the embed page,
 * with nobody signed in, shows the dashboard's tiles (numbers checked against the lake) or the link's one tile with
 * its filter, outside the studio's layout, and only the refusal once the link is revoked or the token is not one.
 */
class EmbedViewsTest extends DashboardUiTest {

    static final ObjectMapper JSON = new ObjectMapper();

    Dashboard dashboard() throws Exception {
        String views = context.getBean(SavedExplorationService.class).create(DashboardLake.APP,
                new SavedExplorationInput("Page views", "", Analysis.EVENT, JSON.readTree("{\"timeRange\":{\"last\":7,"
                        + "\"unit\":\"DAY\"},\"events\":[{\"event\":\"_page_view\"}],\"computeMethod\":\"events\"}"),
                        null)).value().id();
        return context.getBean(DashboardService.class).create(DashboardLake.APP, new DashboardInput("Shared pulse", "",
                List.of(), List.of(new DashboardInput.TileInput(null, views, 2, 1),
                        new DashboardInput.TileInput(null, views, 2, 1)), null)).value();
    }

    static long pageViews(String country) {
        return LAKE.events().stream().filter(e -> e.name().equals("_page_view"))
                .filter(e -> country == null || e.country().equals(country))
                .filter(e -> !e.date().isBefore(TODAY.minusDays(29))).count();
    }

    static long sum(Object result) {
        return ((EventResult) result).series().get(0).points().stream().mapToLong(p -> p.value().longValue()).sum();
    }

    EmbedView openAnonymously(String token) {
        StudioUi.stop();
        StudioUi.start(context);
        UI.getCurrent().navigate("embed/" + token);
        roundtrip();
        return _get(EmbedView.class);
    }

    @Test
    void an_administrator_shares_a_dashboard_that_the_embed_page_shows_read_only_until_revoked() throws Exception {
        StudioUi.signIn("ada", Roles.ADMINISTRATOR);
        Dashboard dashboard = dashboard();
        UI.getCurrent().navigate("dashboards/" + dashboard.id(), QueryParameters.simple(Map.of("range", "30d")));
        roundtrip();
        _click(_get(Button.class, spec -> spec.withId("embed-links")));
        EmbedLinksPanel panel = _get(EmbedLinksPanel.class);
        _setValue(panel.origins, "portal.example");
        _click(panel.create);
        assertThat(panel.origins.isInvalid()).isTrue();
        assertThat(panel.origins.getErrorMessage()).contains("is not an origin");
        _setValue(panel.origins, "https://portal.example https://intranet.example:8443");
        _click(panel.create);
        assertThat(panel.url.isVisible()).isTrue();
        String url = panel.url.getValue();
        assertThat(url).contains("/embed/");
        String token = url.substring(url.indexOf("/embed/") + 7);

        EmbedView view = openAnonymously(token);
        assertThat(view.title.getText()).isEqualTo("Shared pulse");
        assertThat(view.tiles).hasSize(2);
        assertThat(sum(view.tiles.get(0).result())).isEqualTo(pageViews(null)).isPositive();
        assertThat(_find(MainLayout.class)).as("no studio menu or header").isEmpty();
        assertThat(view.tiles.get(0).actions().getChildren()).isEmpty();
        // The embed page's session reaches nothing else: the dashboard itself leads to the sign-in page.
        UI.getCurrent().navigate("dashboards/" + dashboard.id());
        assertThat(StudioUi.currentView()).isInstanceOf(LoginView.class);

        // Revoked from the dashboard page: the page shows only the refusal.
        StudioUi.stop();
        StudioUi.start(context);
        StudioUi.signIn("ada", Roles.ADMINISTRATOR);
        UI.getCurrent().navigate("dashboards/" + dashboard.id(), QueryParameters.simple(Map.of("range", "30d")));
        roundtrip();
        _click(_get(Button.class, spec -> spec.withId("embed-links")));
        panel = _get(EmbedLinksPanel.class);
        assertThat(panel.embeds.list(dashboard.id())).hasSize(1);
        _click(panel.revokeButton(panel.embeds.list(dashboard.id()).get(0).value()));
        _click(_get(Button.class, spec -> spec.withText("Delete")));
        assertThat(panel.embeds.list(dashboard.id()).get(0).value().revokedAt()).isNotNull();

        EmbedView refused = openAnonymously(token);
        assertThat(refused.refusal.isAttached()).isTrue();
        assertThat(refused.tiles).isEmpty();
        assertThat(_find(refused, TextField.class)).isEmpty();
        assertThat(refused.getElement().getOuterHTML()).doesNotContain("Shared pulse");
    }

    @Test
    void a_tile_link_shows_that_tile_with_its_filters_and_a_bad_token_shows_nothing() throws Exception {
        StudioUi.signIn("ada", Roles.ADMINISTRATOR);
        Dashboard dashboard = dashboard();
        EmbedService embeds = context.getBean(EmbedService.class);
        String second = dashboard.tiles().get(1).id();
        String token = embeds.create(dashboard.id(), new EmbedLinkInput(2, List.of("https://portal.example"),
                List.of(Condition.of("geo_country", Operator.EQ, "FR")), "30d", second, null)).token();

        EmbedView view = openAnonymously(token);
        assertThat(view.tiles).hasSize(1);
        assertThat(view.tiles.get(0).getId()).hasValue("tile-" + second);
        assertThat(sum(view.tiles.get(0).result())).isEqualTo(pageViews("FR")).isPositive().isLessThan(pageViews(null));
        assertThatThrownBy(() -> embeds.runTile(view.grant, dashboard.tiles().get(0).id()))
                .hasMessageContaining("no such tile");
        assertThatThrownBy(() -> embeds.list(dashboard.id())).as("anonymous viewers manage nothing")
                .isInstanceOfAny(AccessDeniedException.class, AuthenticationException.class);

        EmbedView forged = openAnonymously(token.substring(0, token.length() - 3) + "abc");
        assertThat(forged.refusal.isAttached()).isTrue();
        assertThat(forged.grant).isNull();
        assertThat(forged.getPageTitle()).isEqualTo("Link not valid");
    }

    @Test
    void a_dashboard_shown_over_the_last_14_days_shares_them_in_its_embed_link() throws Exception {
        StudioUi.signIn("ada", Roles.ADMINISTRATOR);
        Dashboard dashboard = dashboard();
        UI.getCurrent().navigate("dashboards/" + dashboard.id(), QueryParameters.simple(Map.of("range", "14d")));
        roundtrip();
        long fourteenDays = LAKE.events().stream().filter(e -> e.name().equals("_page_view"))
                .filter(e -> !e.date().isBefore(TODAY.minusDays(13))).count();

        _click(_get(Button.class, spec -> spec.withId("embed-links")));
        EmbedLinksPanel panel = _get(EmbedLinksPanel.class);
        assertThat(panel.range.getValue()).isEqualTo(DateRangeChoice.read("14d"));
        assertThat(panel.range.getItemLabelGenerator().apply(panel.range.getValue())).isEqualTo("Last 14 days");
        _setValue(panel.origins, "https://portal.example");
        _click(panel.create);
        assertThat(panel.embeds.list(dashboard.id()).get(0).value().range()).isEqualTo("14d");
        String url = panel.url.getValue();

        EmbedView view = openAnonymously(url.substring(url.indexOf("/embed/") + 7));
        assertThat(view.grant.from()).isEqualTo(TODAY.minusDays(13));
        assertThat(((EventResult) view.tiles.get(0).result()).series().get(0).points()).hasSize(14);
        assertThat(sum(view.tiles.get(0).result())).isEqualTo(fourteenDays).isPositive().isLessThan(pageViews(null));
    }
}
