package io.clickstream.studio.dashboard.builtin.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.progressbar.ProgressBar;
import io.clickstream.studio.base.BackgroundTasks;
import io.clickstream.studio.base.ui.AppScopedView;
import io.clickstream.studio.base.ui.AppSelection;
import io.clickstream.studio.base.ui.BackgroundLoader;
import io.clickstream.studio.base.ui.SignedInAccess;
import io.clickstream.studio.base.ui.ViewHeader;
import io.clickstream.studio.dashboard.ui.EmptyStates;
import io.clickstream.studio.explore.LakeCommits;
import io.clickstream.studio.explore.UnknownAppException;
import io.clickstream.studio.explore.exec.QueryFailure;
import java.util.Optional;

/**
 * What every built-in dashboard does around its own charts: a header with the app's dates and zone, the app and
 * range from the shell, its query run in the background with a loading bar (earlier charts stay, dimmed, until the
 * answer comes) unless the figures are already at hand, an empty state that says what to do, errors in plain words, and a fresh look after each ETL commit
 * while it shows nothing (or always, for live views).
 *
 * @param <T> the dashboard's figures
 */
abstract class BuiltInView<T> extends Main implements AppScopedView {

    final ViewHeader header;
    final ProgressBar loading = new ProgressBar();
    final Div emptyState = new Div();
    final Div failure = new Div();
    final Div content = new Div();
    final Button refresh = new Button(VaadinIcon.REFRESH.create());
    final BackgroundLoader loader;
    final EmptyStates emptyStates;
    private final LakeCommits commits;
    private LakeCommits.Subscription subscription;
    AppSelection selection;
    T data;

    BuiltInView(String title, BackgroundTasks tasks, EmptyStates emptyStates, LakeCommits commits) {
        this.loader = new BackgroundLoader(tasks);
        this.emptyStates = emptyStates;
        this.commits = commits;
        addClassNames("cs-dashboard", "cs-builtin");
        refresh.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ICON);
        refresh.setAriaLabel("Refresh");
        refresh.setTooltipText("Refresh");
        refresh.addClickListener(click -> reload());
        header = new ViewHeader(title, "", refresh);
        loading.setIndeterminate(true);
        loading.addClassName("cs-loading");
        loading.getElement().setAttribute("aria-label", "Loading " + title);
        loading.setVisible(false);
        emptyState.setVisible(false);
        failure.addClassNames("cs-card", "cs-failure");
        failure.setVisible(false);
        content.addClassName("cs-dashboard-content");
        content.setVisible(false);
        add(header, loading, emptyState, failure, content);
    }

    @Override
    public void showSelection(AppSelection selection) {
        this.selection = selection;
        header.setSubtitle(selection.hasApp() ? selection.describe() : "");
        if (!selection.hasApp()) {
            loader.cancel();
            showEmpty(emptyStates.noApps());
            return;
        }
        reload();
    }

    /** Runs the dashboard's query again for the current selection. */
    void reload() {
        if (selection == null || !selection.hasApp()) {
            return;
        }
        AppSelection asked = selection;
        Optional<T> ready = cached(asked);
        if (ready.isPresent()) {
            // Figures at hand for the current data: drawn in this very response, no round trip through push.
            loader.cancel();
            show(ready.get(), asked);
            return;
        }
        loading.setVisible(true);
        content.addClassName("cs-stale");
        getElement().setAttribute("aria-busy", "true");
        loader.load(this, () -> load(asked), answer -> show(answer, asked), this::showFailure);
    }

    /** The figures for the selection (runs in the background, as the signed-in user). */
    abstract T load(AppSelection selection);

    /** The figures for the selection if they are at hand without a query (computed on the current data). */
    Optional<T> cached(AppSelection selection) {
        return Optional.empty();
    }

    /** Whether the figures hold nothing to draw. */
    abstract boolean isEmpty(T data);

    /** Draws the figures into {@link #content}. */
    abstract void render(T data, AppSelection selection);

    /** Whether each ETL commit should refresh the view even when it shows data (live views). */
    boolean live() {
        return false;
    }

    private void show(T answer, AppSelection asked) {
        data = answer;
        done();
        failure.setVisible(false);
        if (isEmpty(answer)) {
            showEmpty(emptyStates.noEvents(asked));
            return;
        }
        emptyState.setVisible(false);
        render(answer, asked);
        content.setVisible(true);
    }

    private void showEmpty(Div card) {
        done();
        emptyState.removeAll();
        emptyState.add(card);
        emptyState.setVisible(true);
        content.setVisible(false);
        failure.setVisible(false);
    }

    private void showFailure(RuntimeException e) {
        done();
        failure.removeAll();
        String message = e instanceof QueryFailure || e instanceof UnknownAppException ? e.getMessage()
                : "The figures could not be read (" + e.getClass().getSimpleName() + "). Try Refresh; if it persists, "
                + "the studio's log says more.";
        failure.add(new Paragraph("Could not load this dashboard: " + message));
        failure.setVisible(true);
    }

    private void done() {
        loading.setVisible(false);
        content.removeClassName("cs-stale");
        getElement().removeAttribute("aria-busy");
    }

    @Override
    protected void onAttach(AttachEvent event) {
        super.onAttach(event);
        // The signal's thread has no signed-in user: the reload runs as the viewer who opened the view.
        SignedInAccess.Updater viewer = SignedInAccess.of(event.getUI());
        subscription = commits.subscribe(() -> {
            try {
                viewer.access(() -> {
                    if (live() || emptyState.isVisible()) {
                        reload();
                    }
                });
            } catch (com.vaadin.flow.component.UIDetachedException e) {
                // Closed meanwhile; onDetach ends the subscription.
            }
        });
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
        loader.cancel();
        super.onDetach(event);
    }
}
