package io.clickstream.studio.security;

/**
 * The {@code Content-Security-Policy} of the studio's pages, with the one directive that differs between them: who
 * may frame the page. Vaadin's bootstrap needs inline scripts and {@code eval}-style calls, and inline styles;
 * everything else is same-origin, except QuickSight's embedded dashboards and visuals, which are framed from
 * {@value #QUICKSIGHT_FRAMES}.
 */
public final class ContentSecurityPolicy {

    /** Where QuickSight's embed URLs point (one host per region). */
    public static final String QUICKSIGHT_FRAMES = "https://*.quicksight.aws.amazon.com";

    private ContentSecurityPolicy() {
    }

    /** The studio's policy, framed only by {@code frameAncestors} (source expressions separated by spaces). */
    public static String framedBy(String frameAncestors) {
        return "default-src 'self'; "
                + "script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
                + "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
                + "frame-src 'self' " + QUICKSIGHT_FRAMES + "; "
                + "base-uri 'self'; form-action 'self'; frame-ancestors " + frameAncestors;
    }
}
