package io.clickstream.studio.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clickstream.studio.base.InvalidInputException;
import io.clickstream.studio.explore.Explorations;
import io.clickstream.studio.explore.model.AttributionQuery;
import io.clickstream.studio.explore.model.Condition;
import io.clickstream.studio.explore.model.EventQuery;
import io.clickstream.studio.explore.model.FunnelQuery;
import io.clickstream.studio.explore.model.LifecycleQuery;
import io.clickstream.studio.explore.model.PathQuery;
import io.clickstream.studio.explore.model.RetentionQuery;
import io.clickstream.studio.explore.saved.SavedExploration;
import java.time.LocalDate;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Runs a saved exploration as a dashboard shows it: over the dashboard's dates instead of its own time range, with
 * the dashboard's filters added to its conditions (both must hold). Answers the query as it ran and the analysis'
 * result record ({@code EventResult}, {@code FunnelResult}, ...), which {@code explore.ui.ExplorationCharts} draws.
 * No role check here: callers decide who may see what (the dashboard service for signed-in users, embed links for
 * portals).
 */
@Component
public class ExplorationRunner {

    private final Explorations explore;
    private final ObjectMapper json;

    ExplorationRunner(Explorations explore, ObjectMapper json) {
        this.explore = explore;
        this.json = json;
    }

    /**
     * @throws InvalidInputException when the exploration cannot take the filters (its own conditions are joined by
     *                               "or"), or its query no longer reads
     * @throws io.clickstream.studio.explore.InvalidQueryException when the engine refuses the query for this app
     */
    public TileAnswer run(SavedExploration exploration, LocalDate from, LocalDate to, List<Condition> filters) {
        ObjectNode scoped = withDashboardScope(exploration, from, to, filters);
        String appId = exploration.appId();
        try {
            return switch (exploration.analysis()) {
                case EVENT -> answer(json.treeToValue(scoped, EventQuery.class), q -> explore.event(appId, q));
                case FUNNEL -> answer(json.treeToValue(scoped, FunnelQuery.class), q -> explore.funnel(appId, q));
                case PATH -> answer(json.treeToValue(scoped, PathQuery.class), q -> explore.path(appId, q));
                case RETENTION -> answer(json.treeToValue(scoped, RetentionQuery.class),
                        q -> explore.retention(appId, q));
                case ATTRIBUTION -> answer(json.treeToValue(scoped, AttributionQuery.class),
                        q -> explore.attribution(appId, q));
                case LIFECYCLE -> answer(json.treeToValue(scoped, LifecycleQuery.class),
                        q -> explore.lifecycle(appId, q));
            };
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw InvalidInputException.of("query", "The saved query of '" + exploration.name()
                    + "' no longer reads: " + e.getMessage());
        }
    }

    private static <Q> TileAnswer answer(Q query, java.util.function.Function<Q, Object> engine) {
        return new TileAnswer(query, engine.apply(query));
    }

    /** The saved query with the dashboard's dates and filters in place (what {@link #run} sends to the engine). */
    ObjectNode withDashboardScope(SavedExploration exploration, LocalDate from, LocalDate to, List<Condition> filters) {
        ObjectNode query;
        try {
            JsonNode saved = json.readTree(exploration.query());
            if (!saved.isObject()) {
                throw InvalidInputException.of("query", "The saved query of '" + exploration.name()
                        + "' is not a JSON object");
            }
            query = (ObjectNode) saved.deepCopy();
        } catch (JsonProcessingException e) {
            throw InvalidInputException.of("query", "The saved query of '" + exploration.name() + "' is not JSON");
        }
        ObjectNode range = query.putObject("timeRange");
        range.put("from", from.toString());
        range.put("to", to.toString());
        if (!filters.isEmpty()) {
            JsonNode own = query.path("conditions");
            boolean orJoined = "or".equalsIgnoreCase(query.path("join").asText("and"));
            if (orJoined && own.isArray() && own.size() > 1) {
                throw InvalidInputException.of("filters", "'" + exploration.name() + "' joins its conditions with "
                        + "'or', so the dashboard's filters cannot be added to them: remove the filters or change "
                        + "the exploration");
            }
            ArrayNode conditions = query.putArray("conditions");
            if (own.isArray()) {
                own.forEach(conditions::add);
            }
            filters.forEach(filter -> conditions.add(json.valueToTree(filter)));
            query.put("join", "and");
        }
        return query;
    }
}
