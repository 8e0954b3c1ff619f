package io.clickstream.studio.project;

import io.clickstream.metadata.Versioned;
import io.clickstream.metadata.apps.AppRecord;
import io.clickstream.studio.api.ApiPaths;
import io.clickstream.studio.api.ApiVersions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/apps}: every app, by id. Apps are created under their project ({@link ProjectsApi}). */
@RestController
@RequestMapping(ApiPaths.V1 + "/apps")
@Tag(name = "Projects and apps")
class AppsApi {

    private final ProjectService service;

    AppsApi(ProjectService service) {
        this.service = service;
    }

    /** An app as the API shows it. */
    record AppJson(String appId, String projectId, String name, String description, String timeZone,
                   boolean enabled, List<String> allowedOrigins, List<String> platforms, long version) {
        static AppJson of(Versioned<AppRecord> app) {
            AppRecord a = app.value();
            return new AppJson(a.appId(), a.projectId(), a.name(), a.description(), a.timeZone(), a.enabled(),
                    a.allowedOrigins(), a.platforms(), app.version());
        }
    }

    @GetMapping
    @Operation(summary = "List apps")
    List<AppJson> list() {
        return service.apps().stream().map(AppJson::of).toList();
    }

    @GetMapping("/{appId}")
    @Operation(summary = "Read an app; its ETag is the version to send with a change")
    ResponseEntity<AppJson> read(@PathVariable String appId) {
        Versioned<AppRecord> app = service.app(appId);
        return ResponseEntity.ok().eTag(ApiVersions.etag(app.version())).body(AppJson.of(app));
    }

    @PatchMapping("/{appId}")
    @Operation(summary = "Change an app (Administrator); fields left out keep their value; needs If-Match or "
            + "'version'")
    ResponseEntity<AppJson> update(@PathVariable String appId, @RequestBody AppInput change,
                                   @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        Versioned<AppRecord> updated = service.updateApp(appId, change, ApiVersions.expected(ifMatch, change.version()));
        return ResponseEntity.ok().eTag(ApiVersions.etag(updated.version())).body(AppJson.of(updated));
    }

    @DeleteMapping("/{appId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete an app (Administrator); its events stay in the lake; If-Match optional")
    void delete(@PathVariable String appId, @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        service.deleteApp(appId, ifMatch == null ? null : ApiVersions.expected(ifMatch, null));
    }
}
