package io.clickstream.studio.metadata;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * The metadata API's errors as RFC 9457 problem details ({@code errors: [{field, message}]} for invalid input). Kept
 * apart from the controller, whose methods are all behind the role check, so that answering a refusal is not
 * itself refused.
 */
// Before the API-wide handler, which would otherwise answer these with a 500 (advice order is not defined).
@Order(Ordered.HIGHEST_PRECEDENCE)
@RestControllerAdvice(assignableTypes = MetadataController.class)
class MetadataProblems {

    @ExceptionHandler(MetadataValidationException.class)
    ProblemDetail invalid(MetadataValidationException e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid request", e.getMessage());
        problem.setProperty("errors", e.errors());
        return problem;
    }

    @ExceptionHandler(MetadataNotFoundException.class)
    ProblemDetail notFound(MetadataNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "Not found", e.getMessage());
    }

    @ExceptionHandler(MetadataConflictException.class)
    ProblemDetail conflict(MetadataConflictException e) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "Changed by someone else", e.getMessage());
        problem.setProperty("currentVersion", e.currentVersion());
        return problem;
    }

    @ExceptionHandler(AccessDeniedException.class)
    ProblemDetail forbidden(AccessDeniedException e) {
        return problem(HttpStatus.FORBIDDEN, "Forbidden", "The metadata manager is for Administrators and Analysts.");
    }

    @ExceptionHandler({HttpMessageNotReadableException.class, MethodArgumentTypeMismatchException.class})
    ProblemDetail unreadable(Exception e) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid request",
                e instanceof MethodArgumentTypeMismatchException m
                        ? "'" + m.getName() + "' must be a number"
                        : "The body is not JSON of the expected shape: " + rootMessage(e));
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message.lines().findFirst().orElse("");
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setType(URI.create("about:blank"));
        return problem;
    }
}
