package io.clickstream.studio.embed;

import io.clickstream.metadata.Versioned;
import io.clickstream.studio.api.ApiPaths;
import io.clickstream.studio.explore.model.Condition;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/dashboards/{id}/embeds} and {@code /api/v1/embeds/{id}}: embed links of a dashboard, one of its tiles
 * or a QuickSight visual, for administrators only ({@link EmbedService}'s {@code @RolesAllowed}).
 */
@RestController
@Tag(name = "Embed links")
class EmbedsApi {

    private final EmbedService service;

    EmbedsApi(EmbedService service) {
        this.service = service;
    }

    /** A link as the API shows it; {@code url} is what a portal's iframe loads. */
    record EmbedJson(String id, String url, String dashboardId, String tileId,
                     EmbedLink.QuickSightVisual quickSightVisual, List<Condition> filters, String range,
                     List<String> allowedOrigins, String createdBy, Instant createdAt, Instant expiresAt,
                     Instant revokedAt) {
        static EmbedJson of(EmbedLink l, String url) {
            return new EmbedJson(l.id(), url, l.dashboardId(), l.tileId(), l.quickSightVisual(), l.filters(),
                    l.range(), l.allowedOrigins(), l.createdBy(), l.createdAt(), l.expiresAt(), l.revokedAt());
        }
    }

    @PostMapping(ApiPaths.V1 + "/dashboards/{id}/embeds")
    @Operation(summary = "Create an embed link (Administrator): expiresInHours (default 24), allowedOrigins (the "
            + "portals that may frame it), filters, range (default 30d), and optionally tileId or quickSightVisual "
            + "{dashboardId, sheetId, visualId, userArn}")
    ResponseEntity<EmbedJson> create(@PathVariable String id, @RequestBody EmbedLinkInput input,
                                     HttpServletRequest request) {
        EmbedService.CreatedLink created = service.create(id, input);
        return ResponseEntity.created(URI.create(ApiPaths.V1 + "/embeds/" + created.link().value().id()))
                .body(EmbedJson.of(created.link().value(), EmbedUrls.of(request, created.token())));
    }

    @GetMapping(ApiPaths.V1 + "/dashboards/{id}/embeds")
    @Operation(summary = "List a dashboard's embed links, newest first, revoked and expired ones too (Administrator)")
    List<EmbedJson> list(@PathVariable String id, HttpServletRequest request) {
        return service.list(id).stream().map(Versioned::value)
                .map(l -> EmbedJson.of(l, EmbedUrls.of(request, service.token(l)))).toList();
    }

    @DeleteMapping(ApiPaths.V1 + "/embeds/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Revoke an embed link at once (Administrator)")
    void revoke(@PathVariable String id) {
        service.revoke(id);
    }
}
