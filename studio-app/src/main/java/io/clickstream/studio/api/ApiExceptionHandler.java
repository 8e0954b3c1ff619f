package io.clickstream.studio.api;

import io.clickstream.metadata.ItemConflictException;
import io.clickstream.studio.base.ConflictException;
import io.clickstream.studio.base.FieldMessage;
import io.clickstream.studio.base.InvalidInputException;
import io.clickstream.studio.base.NotFoundException;
import io.clickstream.studio.base.PreconditionRequiredException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of every {@code @RestController} as an RFC 9457 problem detail ({@code application/problem+json}:
 * {@code type}, {@code title}, {@code status}, {@code detail}, {@code instance}), so API endpoints only throw:
 * <ul>
 *   <li>{@link InvalidInputException} and bean-validation failures of a {@code @Valid @RequestBody}: {@code 400}
 *       with {@code errors: [{field, message}]}; unreadable JSON, missing parameters: {@code 400}</li>
 *   <li>{@link NotFoundException}: {@code 404}</li>
 *   <li>{@link ItemConflictException} (duplicate id, stale version) and {@link ConflictException}: {@code 409}
 *       with the store's or the service's message</li>
 *   <li>{@link PreconditionRequiredException}: {@code 428}</li>
 *   <li>{@link AccessDeniedException} from {@code @RolesAllowed}: {@code 403}</li>
 *   <li>anything else: {@code 500} with no internals (logged here)</li>
 * </ul>
 */
@RestControllerAdvice(annotations = RestController.class)
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    static final String FORBIDDEN_DETAIL = "Your role does not allow this";

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(InvalidInputException.class)
    ProblemDetail invalidInput(InvalidInputException e) {
        return withErrors(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage()), e.errors());
    }

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler({ItemConflictException.class, ConflictException.class})
    ProblemDetail conflict(RuntimeException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(PreconditionRequiredException.class)
    ProblemDetail preconditionRequired(PreconditionRequiredException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.PRECONDITION_REQUIRED, e.getMessage());
    }

    @ExceptionHandler(AccessDeniedException.class)
    ProblemDetail forbidden(AccessDeniedException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, FORBIDDEN_DETAIL);
    }

    @ExceptionHandler(AuthenticationException.class)
    ProblemDetail unauthorized(AuthenticationException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, ProblemResponses.MISSING_TOKEN);
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        log.error("API request failed", e);
        return ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "The studio could not complete this request; its log has the details");
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldMessage> errors = e.getBindingResult().getFieldErrors().stream()
                .map(error -> new FieldMessage(error.getField(), error.getDefaultMessage()))
                .toList();
        ProblemDetail problem = withErrors(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                new InvalidInputException(errors).getMessage()), errors);
        return handleExceptionInternal(e, problem, headers, status, request);
    }

    private static ProblemDetail withErrors(ProblemDetail problem, List<FieldMessage> errors) {
        problem.setTitle("Invalid input");
        problem.setProperty("errors", errors);
        return problem;
    }
}
