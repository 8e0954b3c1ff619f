package io.clickstream.studio.audit;

import io.clickstream.studio.api.ApiPaths;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/audit}: the audit log, newest first, for administrators. */
@RestController
@RequestMapping(ApiPaths.V1 + "/audit")
@Tag(name = "Audit log")
class AuditApi {

    private final AuditLog auditLog;

    AuditApi(AuditLog auditLog) {
        this.auditLog = auditLog;
    }

    @GetMapping
    @Operation(summary = "Read the audit log, newest first (Administrator)")
    AuditPage read(@Parameter(description = "the 'next' of the previous page") @RequestParam(required = false) String after,
                   @RequestParam(defaultValue = "50") int limit) {
        return auditLog.page(after, limit);
    }
}
