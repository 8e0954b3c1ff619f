package io.clickstream.studio.api;

import io.clickstream.studio.base.NotFoundException;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers paths under {@code /api} that no endpoint maps with a {@code 404} problem detail; without it the Vaadin
 * servlet, which serves every other path, would answer with an HTML page.
 */
@Hidden
@RestController
class ApiFallbackController {

    @RequestMapping("/api/**")
    void unknown(HttpServletRequest request) {
        throw new NotFoundException("No API endpoint at " + request.getMethod() + " " + request.getRequestURI()
                + "; the OpenAPI document at " + ApiPaths.OPENAPI + " lists them");
    }
}
