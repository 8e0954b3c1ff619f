package io.clickstream.studio.embed;

import io.clickstream.studio.explore.model.Condition;
import java.util.List;

/**
 * An embed link as an administrator asks for it: hours until it expires (default 24), the portal origins that may
 * frame it (at least one), filters on top of the dashboard's, a date range token (default {@code 30d}), and at most one
 * of a tile id or a QuickSight visual to narrow it to.
 */
public record EmbedLinkInput(Integer expiresInHours, List<String> allowedOrigins, List<Condition> filters,
                             String range, String tileId, EmbedLink.QuickSightVisual quickSightVisual) {
}
