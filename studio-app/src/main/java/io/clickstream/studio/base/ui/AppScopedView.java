package io.clickstream.studio.base.ui;

/**
 * A view about one app over a date range (dashboards, explorations): the shell shows the app picker and the
 * date-range control in its header for it, resolves them from the URL after every navigation (filling in the last
 * choice, or the first app and the last 30 days, when the URL names none) and hands the result to the view. The
 * view reads nothing of the URL's {@code app} and {@code range} itself.
 */
public interface AppScopedView {

    /** Shows the chosen app and range; called after each navigation to the view, back and forward included. */
    void showSelection(AppSelection selection);

    /**
     * The app this view is about when the URL names none (a dashboard belongs to one app), or null to use the last
     * choice. Asked after the view read its route parameters.
     */
    default String preferredAppId() {
        return null;
    }

    /** Whether the header offers the date range (Realtime always shows the last hour). */
    default boolean usesDateRange() {
        return true;
    }
}
