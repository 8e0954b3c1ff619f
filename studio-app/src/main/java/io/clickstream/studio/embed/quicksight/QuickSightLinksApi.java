package io.clickstream.studio.embed.quicksight;

import io.clickstream.studio.api.ApiPaths;
import io.clickstream.studio.base.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/dashboards/{id}/quicksight}: the QuickSight dashboard a custom dashboard shows in AWS mode. */
@RestController
@Tag(name = "Dashboards")
class QuickSightLinksApi {

    private final QuickSightLinks links;

    QuickSightLinksApi(QuickSightLinks links) {
        this.links = links;
    }

    /** The link as the API shows it. */
    record QuickSightLinkJson(String quickSightDashboardId) {
    }

    @GetMapping(ApiPaths.V1 + "/dashboards/{id}/quicksight")
    @Operation(summary = "The QuickSight dashboard linked to a dashboard (404 when none)")
    QuickSightLinkJson read(@PathVariable String id) {
        return links.find(id).map(QuickSightLinkJson::new)
                .orElseThrow(() -> new NotFoundException("Dashboard '" + id + "' has no QuickSight dashboard"));
    }

    @PutMapping(ApiPaths.V1 + "/dashboards/{id}/quicksight")
    @Operation(summary = "Link a QuickSight dashboard to a dashboard (Analyst or above)")
    QuickSightLinkJson link(@PathVariable String id, @RequestBody QuickSightLinkJson body) {
        links.link(id, body.quickSightDashboardId());
        return body;
    }

    @DeleteMapping(ApiPaths.V1 + "/dashboards/{id}/quicksight")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Remove a dashboard's QuickSight link (Analyst or above)")
    void unlink(@PathVariable String id) {
        links.unlink(id);
    }
}
