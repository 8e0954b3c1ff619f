package io.clickstream.studio.dashboard;

import io.clickstream.metadata.Versioned;
import io.clickstream.studio.api.ApiPaths;
import io.clickstream.studio.api.ApiVersions;
import io.clickstream.studio.explore.model.Condition;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/apps/{appId}/dashboards} and {@code /api/v1/dashboards/{id}}: custom dashboards. Every role reads
 * them; analysts and administrators create, replace and delete them ({@link DashboardService}'s
 * {@code @RolesAllowed}). A read's ETag is the version a replace must name.
 */
@RestController
@Tag(name = "Dashboards")
class DashboardsApi {

    private final DashboardService service;

    DashboardsApi(DashboardService service) {
        this.service = service;
    }

    /** A dashboard as the API shows it. */
    record DashboardJson(String id, String appId, String name, String description, List<Condition> filters,
                         List<Tile> tiles, String owner, Instant updatedAt, long version) {
        static DashboardJson of(Versioned<Dashboard> versioned) {
            Dashboard d = versioned.value();
            return new DashboardJson(d.id(), d.appId(), d.name(), d.description(), d.filters(), d.tiles(), d.owner(),
                    d.updatedAt(), versioned.version());
        }
    }

    @GetMapping(ApiPaths.V1 + "/apps/{appId}/dashboards")
    @Operation(summary = "List an app's custom dashboards")
    List<DashboardJson> list(@PathVariable String appId) {
        return service.list(appId).stream().map(DashboardJson::of).toList();
    }

    @PostMapping(ApiPaths.V1 + "/apps/{appId}/dashboards")
    @Operation(summary = "Create a dashboard (Analyst or above): name, description, filters, tiles of saved "
            + "explorations of the app")
    ResponseEntity<DashboardJson> create(@PathVariable String appId, @RequestBody DashboardInput input) {
        Versioned<Dashboard> created = service.create(appId, input);
        return ResponseEntity.created(URI.create(ApiPaths.V1 + "/dashboards/" + created.value().id()))
                .eTag(ApiVersions.etag(created.version())).body(DashboardJson.of(created));
    }

    @GetMapping(ApiPaths.V1 + "/dashboards/{id}")
    @Operation(summary = "Read a dashboard; its ETag is the version to send with a change")
    ResponseEntity<DashboardJson> read(@PathVariable String id) {
        Versioned<Dashboard> dashboard = service.get(id);
        return ResponseEntity.ok().eTag(ApiVersions.etag(dashboard.version())).body(DashboardJson.of(dashboard));
    }

    @PutMapping(ApiPaths.V1 + "/dashboards/{id}")
    @Operation(summary = "Replace a dashboard's name, description, filters and tiles (Analyst or above); needs "
            + "If-Match or 'version'; tiles without an id are new")
    ResponseEntity<DashboardJson> replace(@PathVariable String id, @RequestBody DashboardInput input,
                                          @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        Versioned<Dashboard> updated = service.update(id, input, ApiVersions.expected(ifMatch, input.version()));
        return ResponseEntity.ok().eTag(ApiVersions.etag(updated.version())).body(DashboardJson.of(updated));
    }

    @DeleteMapping(ApiPaths.V1 + "/dashboards/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a dashboard (Analyst or above); If-Match optional")
    void delete(@PathVariable String id, @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        service.delete(id, ifMatch == null ? null : ApiVersions.expected(ifMatch, null));
    }
}
