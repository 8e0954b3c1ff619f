package io.clickstream.studio.explore.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.clickstream.studio.base.ui.MainLayout;
import io.clickstream.studio.base.ui.chart.EChart;
import io.clickstream.studio.explore.ExploreService;
import io.clickstream.studio.explore.model.PathQuery;
import io.clickstream.studio.explore.model.PathResult;
import io.clickstream.studio.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Paths: journeys (sessions, or cut by a gap of inactivity) as a Sankey of events, page titles, page URLs or screen
 * names, read from a start node forwards, back from an end node, or from each journey's first node. The grid lists
 * every link with its journeys.
 */
@Route(value = "explore/path", layout = MainLayout.class)
@PageTitle("Paths")
@RolesAllowed({Roles.ADMINISTRATOR, Roles.ANALYST})
class PathExploreView extends ExplorationView<PathQuery, PathResult> {

    static final String FIRST = "first";
    static final String START = "start";
    static final String END = "end";

    final Select<PathQuery.NodeType> nodeType = new Select<>();
    final Select<String> anchor = new Select<>();
    final EventField eventNode = new EventField("Node");
    final TextField textNode = new TextField("Node");
    final Select<PathQuery.JourneyBy> journeyBy = new Select<>();
    final IntegerField gapMinutes = new IntegerField("Gap (minutes)");
    final IntegerField depth = new IntegerField("Steps shown");
    final IntegerField topNodes = new IntegerField("Nodes per step");
    final EChart chart = new EChart();
    ResultGrid grid;

    PathExploreView(ExploreViewServices services) {
        super(services, Analysis.PATH,
                new Calls<>(ExplorationUrl::path, ExploreService::path, PathResult::sql));
        nodeType.setLabel("Nodes are");
        nodeType.setItems(PathQuery.NodeType.values());
        nodeType.setItemLabelGenerator(t -> switch (t) {
            case EVENT -> "Events";
            case PAGE_TITLE -> "Page titles";
            case PAGE_URL -> "Page URLs";
            case SCREEN_NAME -> "Screen names";
        });
        nodeType.setValue(PathQuery.NodeType.EVENT);
        nodeType.setWidthFull();
        anchor.setLabel("Read journeys");
        anchor.setItems(FIRST, START, END);
        anchor.setItemLabelGenerator(a -> switch (a) {
            case START -> "Forwards from a node";
            case END -> "Back from a node";
            default -> "From their first node";
        });
        anchor.setValue(FIRST);
        anchor.setWidthFull();
        eventNode.setPlaceholder("Pick an event");
        textNode.setPlaceholder("Exact page title, URL or screen");
        textNode.setWidthFull();
        textNode.setClearButtonVisible(true);
        journeyBy.setLabel("A journey is");
        journeyBy.setItems(PathQuery.JourneyBy.values());
        journeyBy.setItemLabelGenerator(j -> j == PathQuery.JourneyBy.GAP ? "Events without a long gap" : "A session");
        journeyBy.setValue(PathQuery.JourneyBy.SESSION);
        journeyBy.setWidthFull();
        gapMinutes.setMin(1);
        gapMinutes.setMax(1440);
        gapMinutes.setValue(30);
        gapMinutes.setStepButtonsVisible(true);
        depth.setMin(2);
        depth.setMax(10);
        depth.setValue(5);
        // Empty means the engine's default, which the field then shows greyed.
        depth.setPlaceholder("5");
        depth.setStepButtonsVisible(true);
        topNodes.setMin(1);
        topNodes.setMax(50);
        topNodes.setValue(10);
        topNodes.setPlaceholder("10");
        topNodes.setStepButtonsVisible(true);
        topNodes.setHelperText("The rest is \"Other\"");
        nodeType.addValueChangeListener(e -> {
            showNodeField();
            builderChanged();
        });
        anchor.addValueChangeListener(e -> {
            showNodeField();
            builderChanged();
        });
        eventNode.addValueChangeListener(e -> builderChanged());
        textNode.addValueChangeListener(e -> builderChanged());
        journeyBy.addValueChangeListener(e -> {
            gapMinutes.setVisible(e.getValue() == PathQuery.JourneyBy.GAP);
            builderChanged();
        });
        gapMinutes.setVisible(false);
        gapMinutes.addValueChangeListener(e -> builderChanged());
        depth.addValueChangeListener(e -> builderChanged());
        topNodes.addValueChangeListener(e -> builderChanged());
        showNodeField();
        chart.setId("path-chart");
        chart.setHeight("460px");
        Div sizes = new Div(depth, topNodes);
        sizes.addClassName("cs-two-fields");
        form.add(section(null, nodeType, anchor, eventNode, textNode), section(null, journeyBy, gapMinutes),
                section(null, sizes));
    }

    private void showNodeField() {
        boolean anchored = !FIRST.equals(anchor.getValue());
        boolean events = nodeType.getValue() == PathQuery.NodeType.EVENT;
        eventNode.setVisible(anchored && events);
        textNode.setVisible(anchored && !events);
    }

    private String node() {
        if (FIRST.equals(anchor.getValue())) {
            return null;
        }
        if (nodeType.getValue() == PathQuery.NodeType.EVENT) {
            return eventNode.getValue();
        }
        return textNode.getValue().isBlank() ? null : textNode.getValue();
    }

    @Override
    PathQuery builderQuery() {
        String node = node();
        PathQuery.JourneyBy by = journeyBy.getValue();
        return new PathQuery(timeRange(), nodeType.getValue(), by,
                by == PathQuery.JourneyBy.GAP ? gapMinutes.getValue() : null,
                START.equals(anchor.getValue()) ? node : null, END.equals(anchor.getValue()) ? node : null,
                depth.getValue(), topNodes.getValue(), filters.conditions(), filters.joinValue());
    }

    @Override
    void showQuery(PathQuery q) {
        showCommon(q.conditions(), q.join());
        nodeType.setValue(q.nodeType());
        String node = q.startNode() != null ? q.startNode() : q.endNode();
        anchor.setValue(q.startNode() != null ? START : q.endNode() != null ? END : FIRST);
        eventNode.setValue(q.nodeType() == PathQuery.NodeType.EVENT ? node : null);
        textNode.setValue(q.nodeType() != PathQuery.NodeType.EVENT && node != null ? node : "");
        journeyBy.setValue(q.journeyBy());
        gapMinutes.setValue(q.gapMinutesOrDefault());
        gapMinutes.setVisible(q.journeyBy() == PathQuery.JourneyBy.GAP);
        depth.setValue(q.depth());
        topNodes.setValue(q.topNodes());
        showNodeField();
    }

    @Override
    void bindFields(BuilderErrors errors) {
        errors.bind("nodeType", nodeType);
        errors.bind("journeyBy", journeyBy);
        errors.bind("gapMinutes", gapMinutes);
        errors.bind("startNode", nodeType.getValue() == PathQuery.NodeType.EVENT ? eventNode : textNode);
        errors.bind("endNode", nodeType.getValue() == PathQuery.NodeType.EVENT ? eventNode : textNode);
        errors.bind("depth", depth);
        errors.bind("topNodes", topNodes);
    }

    @Override
    void setCatalog(BuilderCatalog catalog) {
        eventNode.setCatalog(catalog);
    }

    @Override
    boolean runsWithoutInput() {
        return true;
    }

    @Override
    String emptyHint() {
        return "Paths show where journeys go.";
    }

    @Override
    void render(PathResult r) {
        if (ExplorationCharts.isEmpty(r)) {
            showNoData("No journeys in this range", "No journey matched: try a longer time range, another node "
                    + "or fewer filters.");
            return;
        }
        boolean backwards = ExplorationCharts.readsBackwards(query);
        chart.setOption(ExplorationCharts.path(r, backwards, this::label));
        results.addFigures(new String[][] {{"Journeys", ResultGrid.count(r.journeys())},
                {backwards ? "Ending at" : "Starting at", label(startNodeName(r))}});
        results.addChart(backwards ? "Journeys that led there" : "Where journeys go", chart);

        Map<String, PathResult.Node> byId = new java.util.HashMap<>();
        r.nodes().forEach(n -> byId.put(n.id(), n));
        List<List<Object>> rows = new ArrayList<>();
        for (PathResult.Link link : r.links()) {
            PathResult.Node from = byId.get(link.source());
            PathResult.Node to = byId.get(link.target());
            List<Object> row = new ArrayList<>();
            row.add((long) Math.min(from.depth(), to.depth()));
            row.add(label(from.name()));
            row.add(label(to.name()));
            row.add(link.journeys());
            row.add((double) link.journeys() / r.journeys());
            rows.add(row);
        }
        rows.sort(java.util.Comparator.comparing((List<Object> row) -> (Long) row.get(0))
                .thenComparing(row -> -(Long) row.get(3)));
        grid = results.addGrid(new ResultTable("Links", fileName("links"), List.of(
                ResultTable.Column.of(backwards ? "Steps before the end" : "Step", ResultTable.Format.COUNT),
                ResultTable.Column.of("From", ResultTable.Format.TEXT),
                ResultTable.Column.of("To", ResultTable.Format.TEXT),
                ResultTable.Column.of("Journeys", ResultTable.Format.COUNT),
                ResultTable.Column.of("Share of all journeys", ResultTable.Format.PERCENT)), rows));
    }

    private String startNodeName(PathResult r) {
        if (query.startNode() != null) {
            return query.startNode();
        }
        if (query.endNode() != null) {
            return query.endNode();
        }
        return "the first node";
    }

    private String label(String name) {
        return query.nodeType() == PathQuery.NodeType.EVENT && !"Other".equals(name) ? eventLabel(name) : name;
    }
}
