package io.clickstream.studio.metadata;

import io.clickstream.studio.security.Roles;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The metadata manager's JSON API under {@code /api/v1/apps/{appId}/metadata}: paged, searchable, sortable lists of
 * events, parameters and user attributes; edits of display names, descriptions and categories with optimistic
 * locking; scans on demand. Administrators and Analysts only. Errors are RFC 9457 problem details.
 */
@RestController
@RequestMapping("/api/v1/apps/{appId}/metadata")
@PreAuthorize("hasAnyRole('" + Roles.ADMINISTRATOR + "', '" + Roles.ANALYST + "')")
class MetadataController {

    static final int MAX_LIMIT = 1000;

    private final MetadataService service;

    MetadataController(MetadataService service) {
        this.service = service;
    }

    /** A page of a list, with how many entries match in all. */
    record Page<T>(List<T> items, int total, int offset, int limit) {
    }

    /**
     * A change of an entry's texts. Absent or null fields stay as they are; an empty one is cleared (back to the
     * SDK preset's text).
     *
     * @param version the version that was read; the edit is refused with 409 when the entry changed since
     */
    record Patch(String displayName, String description, String category, Long version) {
    }

    @GetMapping("/events")
    Page<EventMetadata> events(@PathVariable String appId, @RequestParam(required = false) String search,
                               @RequestParam(required = false) String sort,
                               @RequestParam(defaultValue = "0") int offset,
                               @RequestParam(defaultValue = "50") int limit) {
        return page(appId, MetadataKind.EVENTS, search, sort, null, offset, limit);
    }

    @GetMapping("/events/{name}")
    EventMetadata event(@PathVariable String appId, @PathVariable String name) {
        return service.get(appId, MetadataKind.EVENTS, null, name);
    }

    @PatchMapping("/events/{name}")
    EventMetadata editEvent(@PathVariable String appId, @PathVariable String name, @RequestBody Patch patch) {
        return service.edit(appId, MetadataKind.EVENTS, null, name, version(patch), edit(patch));
    }

    @GetMapping("/parameters")
    Page<ParameterMetadata> parameters(@PathVariable String appId, @RequestParam(required = false) String search,
                                       @RequestParam(required = false) String sort,
                                       @RequestParam(required = false) String event,
                                       @RequestParam(defaultValue = "0") int offset,
                                       @RequestParam(defaultValue = "50") int limit) {
        return page(appId, MetadataKind.PARAMETERS, search, sort, event, offset, limit);
    }

    @GetMapping("/parameters/{eventName}/{name}")
    ParameterMetadata parameter(@PathVariable String appId, @PathVariable String eventName, @PathVariable String name) {
        return service.get(appId, MetadataKind.PARAMETERS, eventName, name);
    }

    @PatchMapping("/parameters/{eventName}/{name}")
    ParameterMetadata editParameter(@PathVariable String appId, @PathVariable String eventName,
                                    @PathVariable String name, @RequestBody Patch patch) {
        return service.edit(appId, MetadataKind.PARAMETERS, eventName, name, version(patch), edit(patch));
    }

    @GetMapping("/user-attributes")
    Page<UserAttributeMetadata> userAttributes(@PathVariable String appId,
                                               @RequestParam(required = false) String search,
                                               @RequestParam(required = false) String sort,
                                               @RequestParam(defaultValue = "0") int offset,
                                               @RequestParam(defaultValue = "50") int limit) {
        return page(appId, MetadataKind.USER_ATTRIBUTES, search, sort, null, offset, limit);
    }

    @GetMapping("/user-attributes/{name}")
    UserAttributeMetadata userAttribute(@PathVariable String appId, @PathVariable String name) {
        return service.get(appId, MetadataKind.USER_ATTRIBUTES, null, name);
    }

    @PatchMapping("/user-attributes/{name}")
    UserAttributeMetadata editUserAttribute(@PathVariable String appId, @PathVariable String name,
                                            @RequestBody Patch patch) {
        return service.edit(appId, MetadataKind.USER_ATTRIBUTES, null, name, version(patch), edit(patch));
    }

    /** Scans the app's lake data now (after a scan already running) and says what the scan did. */
    @PostMapping("/scan")
    ScanReport scan(@PathVariable String appId) {
        return service.scanNow(appId);
    }

    /** The app's last scan that found something, and whether one is running. */
    @GetMapping("/scan")
    Map<String, Object> scanStatus(@PathVariable String appId) {
        Optional<LastScan> last = service.lastScan(appId);
        return last.<Map<String, Object>>map(scan -> Map.of("running", service.scanning(appId), "lastScan", scan))
                .orElseGet(() -> Map.of("running", service.scanning(appId)));
    }

    private <T extends MetadataEntry> Page<T> page(String appId, MetadataKind<T> kind, String search, String sort,
                                                  String eventName, int offset, int limit) {
        if (offset < 0) {
            throw invalid("offset", "offset must be 0 or more");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw invalid("limit", "limit must be between 1 and " + MAX_LIMIT);
        }
        boolean descending = sort != null && sort.startsWith("-");
        String field = sort == null || sort.isBlank() ? "name" : descending ? sort.substring(1) : sort;
        if (!kind.sortFields().contains(field)) {
            throw invalid("sort", "cannot sort " + kind.label() + " by '" + field + "'; use one of "
                    + kind.sortFields() + ", with a leading '-' for descending order");
        }
        MetadataPage<T> page = service.page(appId, kind, new MetadataQuery(search, field, descending, eventName),
                offset, limit);
        return new Page<>(page.items(), page.total(), offset, limit);
    }

    private static long version(Patch patch) {
        if (patch.version() == null) {
            throw invalid("version", "version is required: send the version you read, so that a change made by "
                    + "someone else since is not overwritten");
        }
        return patch.version();
    }

    private static MetadataEdit edit(Patch patch) {
        return new MetadataEdit(patch.displayName(), patch.description(), patch.category());
    }

    private static MetadataValidationException invalid(String field, String message) {
        return new MetadataValidationException(List.of(new MetadataEdit.FieldError(field, message)));
    }
}
