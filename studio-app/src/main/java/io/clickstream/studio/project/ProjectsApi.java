package io.clickstream.studio.project;

import io.clickstream.metadata.Versioned;
import io.clickstream.metadata.apps.AppRecord;
import io.clickstream.metadata.projects.ProjectRecord;
import io.clickstream.studio.api.ApiPaths;
import io.clickstream.studio.api.ApiVersions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/projects}: projects, and creating apps in them. Reads are open to every role, changes to
 * administrators ({@link ProjectService}'s {@code @RolesAllowed}). Single projects carry their version as ETag.
 */
@RestController
@RequestMapping(ApiPaths.V1 + "/projects")
@Tag(name = "Projects and apps")
class ProjectsApi {

    private final ProjectService service;

    ProjectsApi(ProjectService service) {
        this.service = service;
    }

    /** A project as the API shows it. */
    record ProjectJson(String id, String name, String description, boolean enabled, long version) {
        static ProjectJson of(Versioned<ProjectRecord> project) {
            ProjectRecord p = project.value();
            return new ProjectJson(p.id(), p.name(), p.description(), p.enabled(), project.version());
        }
    }

    @GetMapping
    @Operation(summary = "List projects")
    List<ProjectJson> list() {
        return service.projects().stream().map(ProjectJson::of).toList();
    }

    @PostMapping
    @Operation(summary = "Create a project (Administrator)")
    ResponseEntity<ProjectJson> create(@RequestBody ProjectInput input) {
        Versioned<ProjectRecord> created = service.createProject(input);
        return ResponseEntity.created(URI.create(ApiPaths.V1 + "/projects/" + created.value().id()))
                .eTag(ApiVersions.etag(created.version())).body(ProjectJson.of(created));
    }

    @GetMapping("/{id}")
    @Operation(summary = "Read a project; its ETag is the version to send with a change")
    ResponseEntity<ProjectJson> read(@PathVariable String id) {
        Versioned<ProjectRecord> project = service.project(id);
        return ResponseEntity.ok().eTag(ApiVersions.etag(project.version())).body(ProjectJson.of(project));
    }

    @PatchMapping("/{id}")
    @Operation(summary = "Change a project's name, description or enabled flag (Administrator); needs If-Match or "
            + "'version'")
    ResponseEntity<ProjectJson> update(@PathVariable String id, @RequestBody ProjectInput change,
                                       @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        Versioned<ProjectRecord> updated = service.updateProject(id, change,
                ApiVersions.expected(ifMatch, change.version()));
        return ResponseEntity.ok().eTag(ApiVersions.etag(updated.version())).body(ProjectJson.of(updated));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a project without apps (Administrator); If-Match optional")
    void delete(@PathVariable String id, @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        service.deleteProject(id, ifMatch == null ? null : ApiVersions.expected(ifMatch, null));
    }

    @GetMapping("/{projectId}/apps")
    @Operation(summary = "List a project's apps")
    List<AppsApi.AppJson> apps(@PathVariable String projectId) {
        return service.appsOf(projectId).stream().map(AppsApi.AppJson::of).toList();
    }

    @PostMapping("/{projectId}/apps")
    @Operation(summary = "Create an app in a project (Administrator)")
    ResponseEntity<AppsApi.AppJson> createApp(@PathVariable String projectId, @RequestBody AppInput input) {
        Versioned<AppRecord> created = service.createApp(projectId, input);
        return ResponseEntity.created(URI.create(ApiPaths.V1 + "/apps/" + created.value().appId()))
                .eTag(ApiVersions.etag(created.version())).body(AppsApi.AppJson.of(created));
    }
}
