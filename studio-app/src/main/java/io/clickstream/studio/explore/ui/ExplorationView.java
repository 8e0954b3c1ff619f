package io.clickstream.studio.explore.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.RouterLink;
import io.clickstream.metadata.apps.AppRecord;
import io.clickstream.studio.base.ui.AppScopedView;
import io.clickstream.studio.base.ui.AppSelection;
import io.clickstream.studio.base.ui.MainLayout;
import io.clickstream.studio.base.ui.ViewHeader;
import io.clickstream.studio.explore.ExploreService;
import io.clickstream.studio.explore.InvalidQueryException;
import io.clickstream.studio.explore.UnknownAppException;
import io.clickstream.studio.explore.exec.QueryFailure;
import io.clickstream.studio.explore.model.Condition;
import io.clickstream.studio.explore.model.Join;
import io.clickstream.studio.explore.model.TimeRange;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.concurrent.DelegatingSecurityContextExecutor;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * What the six Explore views share: the builder on the left (the analysis's own fields, filters) and the
 * {@link ResultSection} on the right, the URL as the one place the exploration's state lives, and running queries off
 * the UI thread. The app and the date range are the header's ({@link AppScopedView}): one place for them in the whole
 * studio, in the URL as {@code app} and {@code range} like on every dashboard.
 *
 * <p>A change in the builder writes the new state into the URL (a new history entry); entering the view with a URL
 * (a link, a reload, back or forward, a new app or range in the header) shows that state in the builder and runs it.
 * So a link reopens an exploration exactly, and back and forward step through its versions. Queries run on
 * {@link ExplorationThreads} with the signed-in user's security context; the result comes back through
 * {@code ui.access} (server push). While one runs, a progress bar and a Cancel button show; Cancel stops the engine's
 * query. A newer run makes an older one's answer irrelevant, and leaving the view cancels what still runs. The
 * engine's field errors go next to the builder's fields ({@link BuilderErrors}), a refused time range next to the
 * header's date range.
 *
 * @param <Q> the engine's query record of the analysis
 * @param <R> its result record
 */
abstract class ExplorationView<Q, R> extends Main implements BeforeEnterObserver, AppScopedView {

    private static final Logger LOG = LoggerFactory.getLogger(ExplorationView.class);

    final ExploreViewServices services;
    final Analysis analysis;
    final ViewHeader header;
    final Map<Analysis, RouterLink> tabs = new EnumMap<>(Analysis.class);
    final Span dates = new Span();
    final ConditionsEditor filters;
    final BuilderErrors errors = new BuilderErrors();
    final Div form = new Div();
    final Div builder = new Div();
    final ResultSection results = new ResultSection();
    /** The result area's output, where {@link #render} draws. */
    final Div output = results.output;

    /** The saved exploration of the query on screen, once saved (a changed query is not saved yet). */
    io.clickstream.studio.explore.saved.SavedExploration saved;
    private Q savedQuery;

    /** The query of the URL, and the result of its last run (null until one arrives). */
    Q query;
    R result;
    String appId;
    /** The header's app and range. */
    AppSelection selection;
    /** The parameters of the URL shown (in the order this view writes them). */
    Map<String, List<String>> shownParams = Map.of();
    /** The run in flight, completed once its answer is on screen (tests wait on it). */
    CompletableFuture<Void> running = CompletableFuture.completedFuture(null);

    private Map<String, List<String>> entered = Map.of();
    private BuilderCatalog catalog = BuilderCatalog.EMPTY;
    private boolean updating;
    private long ticket;
    private String runningQueryId;
    private String runningUser;

    /**
     * What differs between analyses only by type: how the URL is read, which engine call runs the query, and the
     * SQL a result shows.
     */
    record Calls<Q, R>(Function<Map<String, List<String>>, ExplorationUrl.Decoded<Q>> decode, Engine<Q, R> engine,
                       Function<R, String> sql) {
    }

    /** The engine's call of an analysis, such as {@code ExploreService::funnel}. */
    @FunctionalInterface
    interface Engine<Q, R> {
        R run(ExploreService explore, String appId, Q query, ExploreService.Caller caller);
    }

    private final Calls<Q, R> calls;

    ExplorationView(ExploreViewServices services, Analysis analysis, Calls<Q, R> calls) {
        this.services = services;
        this.analysis = analysis;
        this.calls = calls;
        addClassNames("cs-dashboard", "cs-explore");

        results.showSql.addClickListener(click -> {
            if (result != null) {
                SqlDialog.open(analysis.title(), sql(result));
            }
        });
        results.rerun.addClickListener(click -> {
            if (query != null) {
                run(query);
            }
        });
        results.save.addClickListener(click -> openSave(null));
        results.addToDashboard.addClickListener(click -> {
            if (saved != null && query != null && query.equals(savedQuery)) {
                openAddToDashboard(saved);
            } else {
                openSave(this::openAddToDashboard);
            }
        });
        results.cancel.addClickListener(click -> cancelRunning(true));
        header = new ViewHeader(analysis.title(), analysis.description(), results.actions());
        header.addClassName("cs-explore-header");

        Div tabStrip = new Div();
        tabStrip.addClassName("cs-analysis-tabs");
        tabStrip.getElement().setAttribute("role", "navigation");
        tabStrip.getElement().setAttribute("aria-label", "Analyses");
        for (Analysis each : Analysis.values()) {
            RouterLink link = new RouterLink(ExploreRoutes.viewOf(each));
            link.add(each.icon().create(), new Span(each.title()));
            link.addClassName("cs-analysis-tab");
            if (each == analysis) {
                link.addClassName("cs-active");
                link.getElement().setAttribute("aria-current", "page");
            }
            tabs.put(each, link);
            tabStrip.add(link);
        }

        filters = new ConditionsEditor("Filters", "Add filter", this::builderChanged);
        filters.addClassName("cs-builder-section");

        form.addClassName("cs-builder-form");
        dates.addClassName("cs-builder-dates");
        dates.getElement().setAttribute("title", "The header's date range, in the app's time zone");
        builder.add(dates, form, filters, errors.general);
        builder.addClassNames("cs-card", "cs-explore-builder");
        builder.getElement().setAttribute("role", "form");
        builder.getElement().setAttribute("aria-label", analysis.title() + " builder");

        Div body = new Div(builder, results);
        body.addClassName("cs-explore-body");
        add(header, tabStrip, body);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // What each analysis provides

    /** The query the builder shows now; rows still being filled in are left out. */
    abstract Q builderQuery();

    /** Shows a query in the analysis's own fields (the common ones are set by {@link #showCommon}). */
    abstract void showQuery(Q query);

    /** Draws a result into {@link #output}: charts, then the results grid(s). */
    abstract void render(R result);

    /** Binds the analysis's fields to the engine's field paths, for its current rows (none by default). */
    void bindFields(BuilderErrors errors) {
    }

    /** Gives the analysis's fields the app's events and properties (none by default). */
    void setCatalog(BuilderCatalog catalog) {
    }

    /** What to do first, shown while a new exploration has nothing to run yet. */
    abstract String emptyHint();

    /** Whether a new exploration runs with its defaults (lifecycle, paths) rather than waiting for input. */
    boolean runsWithoutInput() {
        return false;
    }

    /** View options that live in the URL next to the query (a chart type); none by default. */
    Map<String, List<String>> viewParams() {
        return Map.of();
    }

    /** Reads the view options of {@link #viewParams} from a URL. */
    void showViewParams(Map<String, List<String>> params) {
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Shared pieces for the analyses

    /** The SQL that answered {@code result}, as the SQL dialog shows it. */
    final String sql(R result) {
        return calls.sql().apply(result);
    }

    /** The time range of the header's date range, for the analysis's query. */
    TimeRange timeRange() {
        return selection == null ? TimeRange.lastDays(30)
                : ExplorationUrl.timeRange(selection.range(), selection.today());
    }

    /** Shows the filters of a query (its time range is the header's). */
    void showCommon(List<Condition> conditions, Join join) {
        filters.set(conditions, join);
    }

    /** A titled group of builder fields. */
    static Div section(String title, Component... content) {
        Div section = new Div();
        section.addClassName("cs-builder-section");
        if (title != null) {
            Span label = new Span(title);
            label.addClassName("cs-section-label");
            section.add(label);
        }
        section.add(content);
        return section;
    }

    BuilderCatalog catalog() {
        return catalog;
    }

    String eventLabel(String event) {
        return catalog.eventLabel(event);
    }

    /** A download's name: the analysis and the app. */
    String fileName(String what) {
        return analysis.path() + "-" + appId + (what == null ? "" : "-" + what);
    }

    /** Called by every builder field when the user changes it: the new state goes into the URL. */
    void builderChanged() {
        if (updating || appId == null) {
            return;
        }
        Q next = builderQuery();
        if (!params(next).equals(shownParams)) {
            navigate(next, true);
        }
    }

    /** Shows that the result has nothing in it, with what to change. */
    void showNoData(String title, String text) {
        results.showNoData(title, text);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The URL

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        // The shell resolves the header's app and range after this and calls showSelection, which reads the rest.
        entered = event.getLocation().getQueryParameters().getParameters();
    }

    @Override
    public void showSelection(AppSelection chosen) {
        selection = chosen;
        Map<String, List<String>> params = new LinkedHashMap<>(entered);
        for (Analysis each : Analysis.values()) {
            tabs.get(each).setQueryParameters(chosen.query());
        }
        if (!chosen.hasApp()) {
            appId = null;
            builder.setEnabled(false);
            results.showOnly("No apps yet", "Explorations read the events of an app. An administrator adds apps on "
                    + "the Projects page; the demo app appears once the local runtime has sent its first events.",
                    ResultSection.Kind.INFO);
            return;
        }
        builder.setEnabled(true);
        if (!chosen.appId().equals(appId) || !chosen.today().equals(catalog.today())) {
            selectApp(chosen.appId());
        }
        dates.setText(chosen.describe());
        // The URL's range is the header's token; the engine's range is what it means in the app's zone.
        params.put(ExplorationUrl.RANGE, List.of(ExplorationUrl.range(timeRange())));
        ExplorationUrl.Decoded<Q> decoded = calls.decode().apply(params);
        updating = true;
        try {
            if (!decoded.query().equals(builderQuery())) {
                showQuery(decoded.query());
            }
            showViewParams(params);
        } finally {
            updating = false;
        }
        query = decoded.query();
        shownParams = params(query);
        Set<String> given = new java.util.HashSet<>(params.keySet());
        given.removeAll(Set.of(ExplorationUrl.APP, ExplorationUrl.RANGE));
        rebindErrors();
        if (!decoded.errors().isEmpty()) {
            cancelRunning(false);
            result = null;
            errors.show(decoded.errors());
            results.showOnly("This link has values the builder cannot read",
                    "Fix the highlighted fields to see a result.", ResultSection.Kind.WARNING);
            return;
        }
        if (given.isEmpty() && !runsWithoutInput()) {
            cancelRunning(false);
            result = null;
            errors.clear();
            results.showOnly("Build your " + analysis.title().toLowerCase(java.util.Locale.ROOT), emptyHint(),
                    ResultSection.Kind.INFO);
            return;
        }
        run(query);
    }

    /** Writes a query into the URL; with {@code push} as a new history entry (what back returns from). */
    void navigate(Q next, boolean push) {
        Map<String, List<String>> params = params(next);
        UI ui = UI.getCurrent();
        if (push) {
            ui.navigate(ExploreRoutes.viewOf(analysis), new QueryParameters(params));
        } else {
            shownParams = params;
        }
        // Vaadin writes parameters in hash order; this puts them back in the order they read best.
        ui.getPage().getHistory().replaceState(null, location(next));
    }

    Map<String, List<String>> params(Q q) {
        Map<String, List<String>> params = new LinkedHashMap<>(ExplorationUrl.encode(appId, q));
        if (selection != null) {
            // The header's token (last-month, 30d, ...), which the header reads back.
            params.put(ExplorationUrl.RANGE, List.of(selection.range().token()));
        }
        params.putAll(viewParams());
        return params;
    }

    String location(Q q) {
        return analysis.route() + "?" + ExplorationUrl.queryString(params(q));
    }

    private void selectApp(String app) {
        appId = app;
        AppRecord record = services.apps().stream().filter(a -> a.appId().equals(app)).findFirst().orElse(null);
        try {
            catalog = record == null ? BuilderCatalog.EMPTY : services.catalog(record);
        } catch (RuntimeException e) {
            LOG.warn("Could not read the events of app {}", app, e);
            catalog = BuilderCatalog.EMPTY;
        }
        filters.setCatalog(catalog);
        setCatalog(catalog);
    }

    private void rebindErrors() {
        errors.unbindAll();
        MainLayout layout = findAncestor(MainLayout.class);
        if (layout != null) {
            errors.bind("timeRange", layout.dateRangeField());
        }
        filters.bind(errors, "conditions");
        bindFields(errors);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Running

    /** Runs a query off the UI thread; its answer (or error) comes back through {@code ui.access}. */
    void run(Q q) {
        cancelRunning(false);
        rebindErrors();
        errors.clear();
        long mine = ++ticket;
        String queryId = UUID.randomUUID().toString();
        String user = services.user();
        runningQueryId = queryId;
        runningUser = user;
        ExploreService.Caller caller = new ExploreService.Caller(user, queryId);
        String app = appId;
        UI ui = UI.getCurrent();
        results.running();
        Executor executor = new DelegatingSecurityContextExecutor(services.threads.pool(),
                SecurityContextHolder.getContext());
        running = CompletableFuture.supplyAsync(() -> calls.engine().run(services.explore, app, q, caller), executor)
                .handle((answer, error) -> {
                    try {
                        ui.access(() -> finish(mine, answer, error));
                    } catch (UIDetachedException e) {
                        // The user left; nobody waits for this answer.
                    }
                    return null;
                });
    }

    private void finish(long mine, R answer, Throwable error) {
        if (mine != ticket) {
            return;
        }
        runningQueryId = null;
        results.stopped();
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause == null) {
            result = answer;
            results.startResult();
            render(answer);
            return;
        }
        result = null;
        if (cause instanceof InvalidQueryException invalid) {
            errors.show(invalid.errors());
            results.showOnly("Some fields need a change", "Fix the highlighted fields to see a result.",
                    ResultSection.Kind.WARNING);
        } else if (cause instanceof UnknownAppException) {
            results.showOnly("Unknown app", "This app no longer exists: pick another one in the header.",
                    ResultSection.Kind.WARNING);
        } else if (cause instanceof QueryFailure failure) {
            switch (failure.reason()) {
                case CANCELLED -> results.showOnly("Query cancelled", "Change the exploration, or run it again.",
                        ResultSection.Kind.INFO);
                case TIMEOUT -> results.showOnly("The query took too long and was stopped",
                        "Try a shorter time range, fewer steps or fewer groups.", ResultSection.Kind.WARNING);
                case FAILED -> results.showOnly("The query failed", failure.getMessage(), ResultSection.Kind.ERROR);
            }
        } else {
            LOG.error("Exploration {} failed", analysis.path(), cause);
            results.showOnly("Something went wrong",
                    "The query could not be answered. The studio's log has the details.", ResultSection.Kind.ERROR);
        }
    }

    /** Opens the save dialog for the query on screen; {@code then} gets the saved exploration (may be null). */
    SaveExplorationDialog openSave(java.util.function.Consumer<io.clickstream.studio.explore.saved.SavedExploration> then) {
        Q toSave = query;
        String app = appId;
        SaveExplorationDialog dialog = new SaveExplorationDialog(then == null ? "Save this " + analysis.title()
                .toLowerCase(java.util.Locale.ROOT) : "Save it first, then pick the dashboard",
                saved != null ? saved.name() : null,
                (name, description) -> services.save(app, analysis, toSave, name, description),
                done -> {
                    saved = done;
                    savedQuery = toSave;
                    io.clickstream.studio.base.ui.FieldErrors.success("Saved \u201c" + done.name() + "\u201d");
                    if (then != null) {
                        then.accept(done);
                    }
                });
        dialog.open();
        return dialog;
    }

    private void openAddToDashboard(io.clickstream.studio.explore.saved.SavedExploration exploration) {
        UI.getCurrent().navigate("add-to-dashboard", QueryParameters.of("exploration", exploration.id()));
    }

    /** Stops the running query; {@code byUser} when the Cancel button asked (the answer then shows that). */
    void cancelRunning(boolean byUser) {
        if (runningQueryId == null) {
            return;
        }
        services.explore.cancel(runningQueryId, runningUser);
        runningQueryId = null;
        ticket++;
        results.stopped();
        if (byUser) {
            result = null;
            results.showOnly("Query cancelled", "Change the exploration, or run it again.", ResultSection.Kind.INFO);
        }
    }

    boolean isRunning() {
        return runningQueryId != null;
    }

    @Override
    protected void onDetach(DetachEvent event) {
        cancelRunning(false);
        errors.clear();
        super.onDetach(event);
    }

    String messageTitle() {
        return results.messageTitle();
    }
}
