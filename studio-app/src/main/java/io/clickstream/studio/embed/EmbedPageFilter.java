package io.clickstream.studio.embed;

import io.clickstream.studio.security.ContentSecurityPolicy;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards {@code /embed/<token>} before Spring Security and Vaadin see it: a token that opens nothing is answered
 * {@code 404} with one sentence and no studio page at all (no Vaadin bootstrap, no data, the same answer whatever
 * failed); a good one gets its link's {@code Content-Security-Policy}, whose {@code frame-ancestors} names only the
 * link's origins, for this response alone (Spring Security's header writer keeps a policy already set). The Vaadin
 * view then checks the token again, so navigating inside an open page cannot bypass this.
 */
class EmbedPageFilter extends OncePerRequestFilter {

    static final String REFUSAL = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            + "<title>Link not valid</title></head><body style=\"font-family:sans-serif;margin:2rem;color:#333\">"
            + "<p id=\"embed-refused\">This embed link is not valid: it may have expired or been revoked. Ask the "
            + "studio's administrator for a new link.</p></body></html>";

    private final EmbedService embeds;

    EmbedPageFilter(EmbedService embeds) {
        this.embeds = embeds;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith(request.getContextPath() + EmbedUrls.PREFIX);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String token = request.getRequestURI().substring(request.getContextPath().length() + EmbedUrls.PREFIX.length());
        Optional<EmbedService.EmbedGrant> grant = token.isEmpty() || token.contains("/") ? Optional.empty()
                : embeds.open(token);
        response.setHeader("Cache-Control", "no-store");
        // The token is in the path: never send it on to the portal or QuickSight.
        response.setHeader("Referrer-Policy", "no-referrer");
        if (grant.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            // Holds no data, so any page may frame it: a portal shows the sentence instead of a broken frame.
            response.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; "
                    + "frame-ancestors *");
            response.setContentType("text/html;charset=utf-8");
            response.getOutputStream().write(REFUSAL.getBytes(StandardCharsets.UTF_8));
            return;
        }
        response.setHeader("Content-Security-Policy",
                ContentSecurityPolicy.framedBy(String.join(" ", grant.get().link().allowedOrigins())));
        chain.doFilter(request, response);
    }
}
