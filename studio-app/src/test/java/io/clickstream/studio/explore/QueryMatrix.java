package io.clickstream.studio.explore;

import io.clickstream.studio.explore.model.AttributionQuery;
import io.clickstream.studio.explore.model.ComputeMethod;
import io.clickstream.studio.explore.model.Condition;
import io.clickstream.studio.explore.model.DateSpan;
import io.clickstream.studio.explore.model.EventQuery;
import io.clickstream.studio.explore.model.EventSpec;
import io.clickstream.studio.explore.model.FunnelQuery;
import io.clickstream.studio.explore.model.Granularity;
import io.clickstream.studio.explore.model.Join;
import io.clickstream.studio.explore.model.LifecycleQuery;
import io.clickstream.studio.explore.model.Operator;
import io.clickstream.studio.explore.model.PathQuery;
import io.clickstream.studio.explore.model.RetentionQuery;
import io.clickstream.studio.explore.model.TimeRange;
import io.clickstream.studio.explore.model.Window;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A set of queries that together use every option of every analysis (compute methods, granularities, windows,
 * strict order, group-by, node types, anchors, models, touch labels, conditions of each kind), to run one
 * statement of each shape through another dialect.
 */
public final class QueryMatrix {

    /** One query and how to run it on a service. */
    public record Case(String name, BiFunction<ExploreService, String, Object> run) {
    }

    private QueryMatrix() {
    }

    public static List<Case> cases(DateSpan span) {
        TimeRange range = TimeRange.between(span.from(), span.to());
        List<Condition> conditions = List.of(Condition.of("event.amount", Operator.GE, 3),
                Condition.of("platform", Operator.IN, "Web", "Android"));
        List<Condition> userConditions = List.of(Condition.of("user.tier", Operator.EQ, "gold"),
                Condition.of("page_url", Operator.NOT_CONTAINS, "cart"), Condition.of("geo_country", Operator.IS_NOT_NULL));
        List<Case> cases = new ArrayList<>();
        for (ComputeMethod method : ComputeMethod.values()) {
            for (Granularity granularity : Granularity.values()) {
                EventQuery q = new EventQuery(range, List.of(EventSpec.of("a"), new EventSpec("b",
                        List.of(Condition.of("event.item", Operator.NE, "z")), Join.AND)), granularity, method,
                        method.needsValue() ? "event.amount" : null, method.ordinal() % 2 == 0 ? "platform" : null,
                        method.ordinal() % 3 == 0 ? userConditions : List.of(), Join.OR);
                cases.add(new Case("event " + method + " " + granularity, (s, app) -> s.event(app, q)));
            }
        }
        for (Window window : List.of(Window.of(1, Window.Unit.DAY), new Window(null, Window.Unit.SESSION),
                Window.of(2, Window.Unit.HOUR))) {
            for (boolean strict : List.of(false, true)) {
                FunnelQuery q = new FunnelQuery(range, List.of(EventSpec.of("a"), EventSpec.of("b"), EventSpec.of("a"),
                        EventSpec.of("c", Condition.of("event.amount", Operator.LT, 40))), window, strict,
                        strict ? "traffic_source_source" : null, List.of(), Join.AND, 3, 20);
                cases.add(new Case("funnel " + window + " strict=" + strict, (s, app) -> s.funnel(app, q)));
            }
        }
        for (PathQuery.NodeType type : PathQuery.NodeType.values()) {
            PathQuery forwards = new PathQuery(range, type, PathQuery.JourneyBy.SESSION, null,
                    type == PathQuery.NodeType.EVENT ? "a" : null, null, 4, 2, List.of(), Join.AND);
            PathQuery back = new PathQuery(range, type, PathQuery.JourneyBy.GAP, 20, null,
                    type == PathQuery.NodeType.EVENT ? "b" : type == PathQuery.NodeType.PAGE_TITLE ? "Cart" : "/",
                    3, 3, conditions, Join.OR);
            cases.add(new Case("path " + type + " forwards", (s, app) -> s.path(app, forwards)));
            cases.add(new Case("path " + type + " back", (s, app) -> s.path(app, back)));
        }
        for (Granularity period : Granularity.values()) {
            RetentionQuery q = new RetentionQuery(range, EventSpec.of("a"), EventSpec.of("b"), period, 4,
                    period == Granularity.DAY ? "event.item" : null, period == Granularity.WEEK ? conditions : List.of(),
                    Join.AND);
            cases.add(new Case("retention " + period, (s, app) -> s.retention(app, q)));
        }
        List<Window> windows = List.of(new Window(null, Window.Unit.SAME_DAY), new Window(null, Window.Unit.SESSION),
                Window.of(2, Window.Unit.DAY));
        int i = 0;
        for (AttributionQuery.Model model : AttributionQuery.Model.values()) {
            AttributionQuery.TouchPoints.Label label = AttributionQuery.TouchPoints.Label.values()[i % 3];
            AttributionQuery q = new AttributionQuery(range, model, EventSpec.of("d"), i % 2 == 0 ? "event.amount" : null,
                    windows.get(i % 3), new AttributionQuery.TouchPoints(label, List.of(EventSpec.of("a"), EventSpec.of("b"))),
                    3.0, List.of(), Join.AND);
            cases.add(new Case("attribution " + model + " " + label, (s, app) -> s.attribution(app, q)));
            i++;
        }
        LifecycleQuery lifecycle = new LifecycleQuery(range, List.of(), Join.AND);
        cases.add(new Case("lifecycle", (s, app) -> s.lifecycle(app, lifecycle)));
        LifecycleQuery filtered = new LifecycleQuery(range, conditions, Join.AND);
        cases.add(new Case("lifecycle filtered", (s, app) -> s.lifecycle(app, filtered)));
        return cases;
    }
}
