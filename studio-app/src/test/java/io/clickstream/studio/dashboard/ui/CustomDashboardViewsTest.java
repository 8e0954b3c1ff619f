package io.clickstream.studio.dashboard.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.listbox.ListBox;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.QueryParameters;
import io.clickstream.metadata.Versioned;
import io.clickstream.studio.base.ui.chart.EChart;
import io.clickstream.studio.dashboard.Dashboard;
import io.clickstream.studio.dashboard.DashboardInput;
import io.clickstream.studio.dashboard.DashboardService;
import io.clickstream.studio.dashboard.builtin.DashboardLake;
import io.clickstream.studio.explore.model.Analysis;
import io.clickstream.studio.explore.model.EventResult;
import io.clickstream.studio.explore.model.PathResult;
import io.clickstream.studio.explore.ui.ExplorationCharts;
import io.clickstream.studio.explore.model.Operator;
import io.clickstream.studio.explore.saved.SavedExploration;
import io.clickstream.studio.explore.saved.SavedExplorationInput;
import io.clickstream.studio.explore.saved.SavedExplorationService;
import io.clickstream.studio.fixture.DashboardUiTest;
import io.clickstream.studio.fixture.StudioUi;
import io.clickstream.studio.security.Roles;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.access.AccessDeniedException;

/**
 * Custom dashboards on screen: an analyst creates one, adds saved explorations as tiles, resizes, moves and removes
 * them and filters every tile; a reader sees the same tiles without any edit control, and the service refuses a
 * reader's change even when a view is bypassed; explorations reach a dashboard through {@code add-to-dashboard}.
 */
class CustomDashboardViewsTest extends DashboardUiTest {

    static final ObjectMapper JSON = new ObjectMapper();

    SavedExploration save(String name, String query) throws Exception {
        return context.getBean(SavedExplorationService.class).create(DashboardLake.APP,
                new SavedExplorationInput(name, "", Analysis.EVENT, JSON.readTree(query), null)).value();
    }

    DashboardView openDashboard(String id) {
        UI.getCurrent().navigate("dashboards/" + id, QueryParameters.simple(Map.of("range", "30d")));
        roundtrip();
        return _get(DashboardView.class);
    }

    @Test
    void an_analyst_builds_a_dashboard_of_tiles_and_a_reader_only_looks_at_it() throws Exception {
        StudioUi.signIn("ana", Roles.ANALYST);
        SavedExploration views = save("Page views per day", "{\"timeRange\":{\"last\":7,\"unit\":\"DAY\"},"
                + "\"events\":[{\"event\":\"_page_view\"}],\"computeMethod\":\"events\"}");
        SavedExploration carts = save("Carts by platform", "{\"timeRange\":{\"last\":7,\"unit\":\"DAY\"},"
                + "\"events\":[{\"event\":\"add_to_cart\"}],\"groupBy\":\"platform\",\"computeMethod\":\"users\"}");

        UI.getCurrent().navigate("dashboards", QueryParameters.simple(Map.of("app", DashboardLake.APP)));
        DashboardsView list = _get(DashboardsView.class);
        _click(list.create);
        _setValue(_get(TextField.class, spec -> spec.withId("dashboard-name")), "Shop pulse");
        _click(_get(Button.class, spec -> spec.withId("create-dashboard")));
        roundtrip();
        DashboardView view = _get(DashboardView.class);
        String id = view.dashboard.value().id();
        assertThat(view.header.getHeading()).isEqualTo("Shop pulse");
        assertThat(view.emptyState.isVisible()).isTrue();

        _click(view.edit);
        for (SavedExploration exploration : List.of(views, carts)) {
            _click(view.addTile);
            @SuppressWarnings("unchecked")
            ListBox<SavedExploration> choices = _get(ListBox.class, spec -> spec.withId("tile-choices"));
            _setValue(choices, exploration);
            _click(_get(Button.class, spec -> spec.withId("add-tile-confirm")));
        }
        roundtrip();
        assertThat(view.tiles).hasSize(2);
        // The dashboard's range, not the exploration's own 7 days: 30 points.
        EventResult shown = (EventResult) view.tiles.get(0).result();
        assertThat(shown.series().get(0).points()).hasSize(30);
        long pageViews = LAKE.events().stream().filter(e -> e.name().equals("_page_view"))
                .filter(e -> !e.date().isBefore(TODAY.minusDays(29))).count();
        assertThat(shown.series().get(0).points().stream().mapToLong(p -> p.value().longValue()).sum())
                .isEqualTo(pageViews);
        assertThat(LocatorJ._find(view.tiles.get(0), EChart.class)).hasSize(1);

        // Wider, then move the carts first, then filter every tile to the web.
        _click(labelled(view.tiles.get(0), "Wider"));
        _click(labelled(view.tiles.get(1), "Move earlier"));
        _click(view.addFilter);
        _setValue(_get(com.vaadin.flow.component.combobox.ComboBox.class, spec -> spec.withId("filter-property")),
                "platform");
        _setValue(_get(TextField.class, spec -> spec.withId("filter-value")), "Web");
        _click(_get(Button.class, spec -> spec.withId("add-filter-confirm")));
        roundtrip();

        DashboardService service = context.getBean(DashboardService.class);
        Versioned<Dashboard> saved = service.get(id);
        assertThat(saved.version()).isEqualTo(6);
        assertThat(saved.value().tiles().stream().map(t -> t.explorationId()).toList())
                .containsExactly(carts.id(), views.id());
        assertThat(saved.value().tiles().get(1).width()).isEqualTo(3);
        assertThat(saved.value().filters()).hasSize(1);
        assertThat(saved.value().filters().get(0).operator()).isEqualTo(Operator.EQ);
        EventResult filtered = (EventResult) view.tiles.get(1).result();
        long webViews = LAKE.events().stream().filter(e -> e.name().equals("_page_view") && e.platform().equals("Web"))
                .filter(e -> !e.date().isBefore(TODAY.minusDays(29))).count();
        assertThat(filtered.series().get(0).points().stream().mapToLong(p -> p.value().longValue()).sum())
                .isEqualTo(webViews);

        // The reader: same tiles, no edit controls, and the service says no.
        StudioUi.signIn("rita", Roles.READER);
        DashboardView readerView = openDashboard(id);
        assertThat(readerView.edit.isVisible()).isFalse();
        assertThat(readerView.addTile.isVisible()).isFalse();
        assertThat(readerView.tiles).hasSize(2);
        assertThat(readerView.tiles.get(0).actions().getChildren()).isEmpty();
        assertThat(readerView.tiles.get(1).result()).isInstanceOf(EventResult.class);
        assertThatThrownBy(() -> service.update(id, DashboardInput.of(saved.value()), saved.version()))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> service.delete(id, null)).isInstanceOf(AccessDeniedException.class);
        assertThat(service.get(id).version()).isEqualTo(6);
    }

    @Test
    void every_tile_shows_the_dashboards_relative_range_of_14_days() throws Exception {
        StudioUi.signIn("ana", Roles.ANALYST);
        SavedExploration views = save("Page views per day", "{\"timeRange\":{\"last\":7,\"unit\":\"DAY\"},"
                + "\"events\":[{\"event\":\"_page_view\"}],\"computeMethod\":\"events\"}");
        String id = context.getBean(DashboardService.class).create(DashboardLake.APP, new DashboardInput("Fortnight",
                "", List.of(), List.of(new DashboardInput.TileInput(null, views.id(), 2, 1)), null)).value().id();

        UI.getCurrent().navigate("dashboards/" + id, QueryParameters.simple(Map.of("range", "14d")));
        roundtrip();
        DashboardView view = _get(DashboardView.class);
        EventResult shown = (EventResult) view.tiles.get(0).result();
        assertThat(shown.series().get(0).points()).hasSize(14);
        assertThat(shown.series().get(0).points().get(0).date()).isEqualTo(TODAY.minusDays(13));
        long pageViews = LAKE.events().stream().filter(e -> e.name().equals("_page_view"))
                .filter(e -> !e.date().isBefore(TODAY.minusDays(13))).count();
        assertThat(shown.series().get(0).points().stream().mapToLong(p -> p.value().longValue()).sum())
                .isEqualTo(pageViews).isPositive();
        assertThat(view.header.getSubtitle()).contains("Nov 7 – Nov 20, 2026");
    }

    @Test
    void a_path_tile_read_back_from_an_end_event_draws_it_in_the_last_column_as_explore_does() throws Exception {
        StudioUi.signIn("ana", Roles.ANALYST);
        SavedExploration ledThere = context.getBean(SavedExplorationService.class).create(DashboardLake.APP,
                new SavedExplorationInput("What led to engagement", "", Analysis.PATH, JSON.readTree(
                        "{\"timeRange\":{\"last\":7,\"unit\":\"DAY\"},\"nodeType\":\"EVENT\","
                                + "\"journeyBy\":\"SESSION\",\"endNode\":\"_user_engagement\",\"depth\":4}"),
                        null)).value();
        String id = context.getBean(DashboardService.class).create(DashboardLake.APP, new DashboardInput("Paths", "",
                List.of(), List.of(new DashboardInput.TileInput(null, ledThere.id(), 2, 1)), null)).value().id();

        DashboardView view = openDashboard(id);
        PathResult result = (PathResult) view.tiles.get(0).result();
        int deepest = result.nodes().stream().mapToInt(PathResult.Node::depth).max().orElseThrow();
        assertThat(deepest).as("journeys of several steps").isGreaterThan(1);
        JsonNode series = JSON.readTree(LocatorJ._get(view.tiles.get(0), EChart.class).getOptionJson())
                .get("series").get(0);
        Map<String, Integer> columns = new java.util.HashMap<>();
        series.get("data").forEach(node -> columns.put(node.get("name").asText(), node.get("depth").asInt()));
        // The end event (depth 1 of the result) is the last column; every flow runs left to right, in time order.
        columns.forEach((name, column) -> {
            if (name.startsWith("_user_engagement") && column == deepest - 1) {
                return;
            }
            assertThat(column).as(name).isLessThan(deepest);
        });
        assertThat(columns.entrySet()).anyMatch(e -> e.getKey().startsWith("_user_engagement")
                && e.getValue() == deepest - 1);
        assertThat(columns.values()).allMatch(c -> c >= 0 && c < deepest);
        for (JsonNode link : series.get("links")) {
            assertThat(columns.get(link.get("source").asText())).as(link.toString())
                    .isLessThan(columns.get(link.get("target").asText()));
        }
        // One chart builder: the tile's option is the one Explore's path view draws for a path read backwards.
        assertThat(LocatorJ._get(view.tiles.get(0), EChart.class).getOptionJson())
                .isEqualTo(JSON.writeValueAsString(ExplorationCharts.path(result, true, name -> name)));
    }

    static Button labelled(ExplorationTile tile, String label) {
        return LocatorJ._find(tile, Button.class).stream()
                .filter(b -> label.equals(b.getAriaLabel().orElse(null))).findFirst().orElseThrow();
    }

    @Test
    void an_exploration_is_added_to_a_new_dashboard_from_its_link() throws Exception {
        StudioUi.signIn("ana", Roles.ANALYST);
        SavedExploration sessions = save("Sessions", "{\"timeRange\":{\"last\":30,\"unit\":\"DAY\"},"
                + "\"events\":[{\"event\":\"_session_start\"}]}");

        UI.getCurrent().navigate("add-to-dashboard", QueryParameters.simple(Map.of("exploration", sessions.id())));
        AddToDashboardView add = _get(AddToDashboardView.class);
        _setValue(add.target, AddToDashboardView.NEW);
        _setValue(add.newName, "From an exploration");
        _click(add.add);
        roundtrip();

        DashboardView view = _get(DashboardView.class);
        assertThat(view.header.getHeading()).isEqualTo("From an exploration");
        assertThat(view.tiles).hasSize(1);
        assertThat(view.tiles.get(0).title.getText()).isEqualTo("Sessions");

        UI.getCurrent().navigate("add-to-dashboard", QueryParameters.simple(Map.of("exploration", "missing")));
        assertThat(_get(AddToDashboardView.class).problem.isVisible()).isTrue();
    }

    @Test
    void a_tile_whose_exploration_no_longer_fits_says_so_in_plain_words() throws Exception {
        StudioUi.signIn("ana", Roles.ANALYST);
        SavedExploration broken = save("Unknown event", "{\"timeRange\":{\"last\":7,\"unit\":\"DAY\"},"
                + "\"events\":[{\"event\":\"no_such_event\"}]}");
        String id = context.getBean(DashboardService.class).create(DashboardLake.APP, new DashboardInput("Broken", "",
                List.of(), List.of(new DashboardInput.TileInput(null, broken.id(), 2, 1)), null)).value().id();

        DashboardView view = openDashboard(id);
        assertThat(view.tiles.get(0).message.getText()).startsWith("This exploration no longer fits the app's data:");
    }
}
