package io.clickstream.studio.explore.api;

import com.fasterxml.jackson.databind.JsonMappingException;
import io.clickstream.studio.explore.ExploreService;
import io.clickstream.studio.explore.ExploreService.Caller;
import io.clickstream.studio.explore.FieldError;
import io.clickstream.studio.explore.InvalidQueryException;
import io.clickstream.studio.explore.UnknownAppException;
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
import io.clickstream.studio.security.Roles;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.annotation.Secured;
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
 * stop it with {@code DELETE /api/v1/apps/{appId}/explore/queries/{queryId}}. Analyst or above.
 */
@RestController
@RequestMapping("/api/v1/apps/{appId}/explore")
@Secured({"ROLE_" + Roles.ADMINISTRATOR, "ROLE_" + Roles.ANALYST})
class ExploreController {

    static final String QUERY_ID = "X-Query-Id";
    private static final Pattern QUERY_ID_PATTERN = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final ExploreService explore;

    ExploreController(ExploreService explore) {
        this.explore = explore;
    }

    @PostMapping("/event")
    EventResult event(@PathVariable String appId, @RequestBody EventQuery query,
                      @RequestHeader(value = QUERY_ID, required = false) String queryId, Principal user) {
        return explore.event(appId, query, caller(user, queryId));
    }

    @PostMapping("/funnel")
    FunnelResult funnel(@PathVariable String appId, @RequestBody FunnelQuery query,
                        @RequestHeader(value = QUERY_ID, required = false) String queryId, Principal user) {
        return explore.funnel(appId, query, caller(user, queryId));
    }

    @PostMapping("/path")
    PathResult path(@PathVariable String appId, @RequestBody PathQuery query,
                    @RequestHeader(value = QUERY_ID, required = false) String queryId, Principal user) {
        return explore.path(appId, query, caller(user, queryId));
    }

    @PostMapping("/retention")
    RetentionResult retention(@PathVariable String appId, @RequestBody RetentionQuery query,
                              @RequestHeader(value = QUERY_ID, required = false) String queryId, Principal user) {
        return explore.retention(appId, query, caller(user, queryId));
    }

    @PostMapping("/attribution")
    AttributionResult attribution(@PathVariable String appId, @RequestBody AttributionQuery query,
                                  @RequestHeader(value = QUERY_ID, required = false) String queryId, Principal user) {
        return explore.attribution(appId, query, caller(user, queryId));
    }

    @PostMapping("/lifecycle")
    LifecycleResult lifecycle(@PathVariable String appId, @RequestBody LifecycleQuery query,
                              @RequestHeader(value = QUERY_ID, required = false) String queryId, Principal user) {
        return explore.lifecycle(appId, query, caller(user, queryId));
    }

    /** Stops a running query this user started: 204, or 404 when no such query of theirs runs. */
    @DeleteMapping("/queries/{queryId}")
    ResponseEntity<Void> cancel(@PathVariable String appId, @PathVariable String queryId, Principal user) {
        return explore.cancel(queryId, user.getName()) ? ResponseEntity.noContent().build()
                : ResponseEntity.notFound().build();
    }

    private static Caller caller(Principal user, String queryId) {
        if (queryId != null && !QUERY_ID_PATTERN.matcher(queryId).matches()) {
            throw new InvalidQueryException(List.of(new FieldError(QUERY_ID, "1-64 letters, digits, '.', '_' or '-'")));
        }
        return new Caller(user.getName(), queryId);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Errors as RFC 9457 problem details

    @ExceptionHandler(InvalidQueryException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidQueryException e) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid query", e.getMessage(), e.errors());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
        if (e.getCause() instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = field(mapping.getPath());
            Throwable root = mapping;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String message = root instanceof IllegalArgumentException ? root.getMessage() : "not a valid value here";
            return problem(HttpStatus.BAD_REQUEST, "Invalid query", field + ": " + message,
                    List.of(new FieldError(field, message)));
        }
        return problem(HttpStatus.BAD_REQUEST, "Invalid query", "the body is not a JSON object of this analysis",
                List.of(new FieldError("body", "not a JSON object of this analysis")));
    }

    @ExceptionHandler(UnknownAppException.class)
    ResponseEntity<ProblemDetail> unknownApp(UnknownAppException e) {
        return problem(HttpStatus.NOT_FOUND, "Unknown app", e.getMessage(), List.of());
    }

    @ExceptionHandler(QueryFailure.class)
    ResponseEntity<ProblemDetail> failed(QueryFailure e) {
        return switch (e.reason()) {
            case CANCELLED -> problem(HttpStatus.CONFLICT, "Query cancelled", e.getMessage(), List.of());
            case TIMEOUT -> problem(HttpStatus.GATEWAY_TIMEOUT, "Query timed out", e.getMessage(), List.of());
            case FAILED -> problem(HttpStatus.BAD_GATEWAY, "Query failed", e.getMessage(), List.of());
        };
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

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail,
                                                         List<FieldError> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setProperty("errors", errors.stream()
                .map(error -> Map.of("field", error.field(), "message", error.message())).toList());
        return ResponseEntity.status(status).body(problem);
    }
}
