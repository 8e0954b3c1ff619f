package io.clickstream.studio.embed;

import io.clickstream.studio.explore.model.Condition;
import java.time.Instant;
import java.util.List;

/**
 * What an embed link shows and to whom: one custom dashboard, one of its tiles ({@code tileId}), or one QuickSight
 * visual ({@code quickSightVisual}); the filters added to every tile's own, the date range (a
 * {@code DateRangeChoice} token such as {@code 30d}, resolved in the app's time zone each time it is opened), the
 * origins whose pages may frame it, and when it stops working (expiry, or revocation).
 */
public record EmbedLink(String id, String dashboardId, String tileId, QuickSightVisual quickSightVisual,
                        List<Condition> filters, String range, List<String> allowedOrigins, String createdBy,
                        Instant createdAt, Instant expiresAt, Instant revokedAt) {

    public EmbedLink {
        filters = filters == null ? List.of() : List.copyOf(filters);
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
    }

    /** One QuickSight visual; {@code userArn} set embeds it for that registered QuickSight user, else anonymously. */
    public record QuickSightVisual(String dashboardId, String sheetId, String visualId, String userArn) {
    }

    /** Whether it still opens at {@code now}: not revoked and not expired. */
    public boolean isActive(Instant now) {
        return revokedAt == null && now.isBefore(expiresAt);
    }

    /** What it shows, in words for the list of links. */
    public String scope() {
        if (quickSightVisual != null) {
            return "QuickSight visual " + quickSightVisual.visualId() + " (sheet " + quickSightVisual.sheetId() + ")";
        }
        return tileId == null ? "Whole dashboard" : "Tile " + tileId;
    }

    EmbedLink revoked(Instant at) {
        return new EmbedLink(id, dashboardId, tileId, quickSightVisual, filters, range, allowedOrigins, createdBy,
                createdAt, expiresAt, at);
    }
}
