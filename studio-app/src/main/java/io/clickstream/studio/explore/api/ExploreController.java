package io.clickstream.studio.explore.api;

import com.fasterxml.jackson.databind.JsonMappingException;
import io.clickstream.studio.api.ApiPaths;
import io.clickstream.studio.base.FieldMessage;
import io.clickstream.studio.explore.ExploreService;
import io.clickstream.studio.explore.ExploreService.Caller;
import io.clickstream.studio.explore.InvalidQueryException;
import io.clickstream.studio.explore.exec.QueryFailure;
import io.clickstream.studio.explore.model.AttributionQuery;
import io.clickstream.studio.explore.model.AttributionResult;
import io.clickstream.studio.explore.model.EventQuery;
import io.clickstream.studio.explore.model.EventResult;
import io.clickstream.studio.explore.model.FunnelQuery;
import io.clickstream.studio.explore.model.FunnelResult;
import io.clickstream.studio.explore.model.LifecycleQuery;
import io.clickstream.studio.explore.model.LifecycleResult;
import io.clickstream.studio.explore.model.PathQuery;
import io.clickstream.studio.explore.model.PathResult;
import io.clickstream.studio.explore.model.RetentionQuery;
import io.clickstream.studio.explore.model.RetentionResult;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/apps/{appId}/explore/{event|funnel|path|retention|attribution|lifecycle}}: runs one analysis
 * and returns its result with the SQL it ran. A client may name the query with an {@code X-Query-Id} header and
 * stop it with {@code DELETE /api/v1/apps/{appId}/explore/queries/{queryId}}. The service allows Administrators and
 * Analysts; invalid queries and unknown apps become problem details in the shared {@code ApiExceptionHandler}.
 */
@RestController
@RequestMapping(ApiPaths.V1 + "/apps/{appId}/explore")
@Tag(name = "Explore", description = "Event, funnel, path, retention, attribution and lifecycle analyses "
        + "(Administrator or Analyst); every answer carries the SQL it ran")
class ExploreController {

    static final String QUERY_ID = "X-Query-Id";
    private static final Pattern QUERY_ID_PATTERN = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final ExploreService explore;

    ExploreController(ExploreService explore) {
        this.explore = explore;
    }

    @PostMapping("/event")
    @Operation(summary = "Trends of 1-10 events per day, week or month: users, events, sessions or an aggregate of "
            + "a numeric property, optionally grouped")
    EventResult event(@PathVariable String appId, @RequestBody EventQuery query,
                      @Parameter(description = "names the query, to cancel it") @RequestHeader(value = QUERY_ID,
                              required = false) String queryId, Principal user) {
        return explore.event(appId, query, caller(user, queryId));
    }

    @PostMapping("/funnel")
    @Operation(summary = "Users per ordered step (2-10) within a rolling window from step 1, or a session; "
            + "conversion rates, median seconds to convert, groups, users who dropped at a step")
    FunnelResult funnel(@PathVariable String appId, @RequestBody FunnelQuery query,
                        @RequestHeader(value = QUERY_ID, required = false) String queryId, Principal user) {
        return explore.funnel(appId, query, caller(user, queryId));
    }

    @PostMapping("/path")
    @Operation(summary = "Sankey nodes and links of journeys by session or inactivity gap, from a start node or "
            + "back from an end node, depth 2-10, the long tail as 'Other'")
    PathResult path(@PathVariable String appId, @RequestBody PathQuery query,
                    @RequestHeader(value = QUERY_ID, required = false) String queryId, Principal user) {
        return explore.path(appId, query, caller(user, queryId));
    }

    @PostMapping("/retention")
    @Operation(summary = "Cohorts by first start event per day, week or month; users returning 1-12 periods later "
            + "(retained[0] is the cohort)")
    RetentionResult retention(@PathVariable String appId, @RequestBody RetentionQuery query,
                              @RequestHeader(value = QUERY_ID, required = false) String queryId, Principal user) {
        return explore.retention(appId, query, caller(user, queryId));
    }

    @PostMapping("/attribution")
    @Operation(summary = "Goal events credited to earlier touch points (first, last, linear, position-based, "
            + "time decay) within the same day, session or N days")
    AttributionResult attribution(@PathVariable String appId, @RequestBody AttributionQuery query,
                                  @RequestHeader(value = QUERY_ID, required = false) String queryId, Principal user) {
        return explore.attribution(appId, query, caller(user, queryId));
    }

    @PostMapping("/lifecycle")
    @Operation(summary = "New, retained, resurrected and dormant users per week; daily DAU, WAU, MAU")
    LifecycleResult lifecycle(@PathVariable String appId, @RequestBody LifecycleQuery query,
                              @RequestHeader(value = QUERY_ID, required = false) String queryId, Principal user) {
        return explore.lifecycle(appId, query, caller(user, queryId));
    }

    @DeleteMapping("/queries/{queryId}")
    @Operation(summary = "Stop a running query you started with X-Query-Id: 204, or 404 when none of yours runs; "
            + "the stopped request answers 409")
    ResponseEntity<Void> cancel(@PathVariable String appId, @PathVariable String queryId, Principal user) {
        return explore.cancel(queryId, user.getName()) ? ResponseEntity.noContent().build()
                : ResponseEntity.notFound().build();
    }

    private static Caller caller(Principal user, String queryId) {
        if (queryId != null && !QUERY_ID_PATTERN.matcher(queryId).matches()) {
            throw new InvalidQueryException(List.of(new FieldMessage(QUERY_ID, "1-64 letters, digits, '.', '_' or '-'")));
        }
        return new Caller(user.getName(), queryId);
    }

    /**
     * A body that does not map onto the query record: 400 naming the JSON field (an unknown window unit, operator or
     * analysis option), which the shared handler cannot know.
     */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        String field = "body";
        String message = "not a JSON object of this analysis";
        if (e.getCause() instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            field = field(mapping.getPath());
            Throwable root = mapping;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            message = root instanceof IllegalArgumentException ? root.getMessage() : "not a valid value here";
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, field + ": " + message);
        problem.setTitle("Invalid input");
        problem.setProperty("errors", List.of(new FieldMessage(field, message)));
        return problem;
    }

    /** How a query that did not finish ends: cancelled by its owner 409, over its time limit 504, failed 502. */
    @ExceptionHandler(QueryFailure.class)
    ProblemDetail failed(QueryFailure e) {
        HttpStatus status = switch (e.reason()) {
            case CANCELLED -> HttpStatus.CONFLICT;
            case TIMEOUT -> HttpStatus.GATEWAY_TIMEOUT;
            case FAILED -> HttpStatus.BAD_GATEWAY;
        };
        return ProblemDetail.forStatusAndDetail(status, e.getMessage());
    }

    /** {@code steps[2].event} from Jackson's path of the offending value. */
    static String field(List<JsonMappingException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference reference : path) {
            if (reference.getFieldName() != null) {
                field.append(field.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        return field.toString();
    }
}
