package io.clickstream.studio.explore.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.RouterLink;
import io.clickstream.metadata.apps.AppRecord;
import io.clickstream.studio.base.ui.ViewHeader;
import io.clickstream.studio.base.ui.chart.EChart;
import io.clickstream.studio.explore.ExploreService;
import io.clickstream.studio.base.FieldMessage;
import io.clickstream.studio.explore.InvalidQueryException;
import io.clickstream.studio.explore.UnknownAppException;
import io.clickstream.studio.explore.exec.QueryFailure;
import io.clickstream.studio.explore.model.Condition;
import io.clickstream.studio.explore.model.Join;
import io.clickstream.studio.explore.model.TimeRange;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.concurrent.DelegatingSecurityContextExecutor;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * What the six Explore views share: the builder on the left (app, time range, the analysis's own fields, filters)
 * and the result on the right, the URL as the one place the exploration's state lives, and running queries off the
 * UI thread.
 *
 * <p>A change in the builder writes the new state into the URL (a new history entry); entering the view with a URL
 * (a link, a reload, back or forward) shows that state in the builder and runs it. So a link reopens an exploration
 * exactly, and back and forward step through its versions. Queries run on {@link ExplorationThreads} with the
 * signed-in user's security context; the result comes back through {@code ui.access} (server push). While one runs,
 * a progress bar and a Cancel button show; Cancel stops the engine's query. A newer run makes an older one's answer
 * irrelevant, and leaving the view cancels what still runs. The engine's field errors go next to the builder's
 * fields ({@link BuilderErrors}).
 *
 * @param <Q> the engine's query record of the analysis
 * @param <R> its result record
 */
abstract class ExplorationView<Q, R> extends Main implements BeforeEnterObserver {

    private static final Logger LOG = LoggerFactory.getLogger(ExplorationView.class);

    final ExploreViewServices services;
    final Analysis analysis;
    final ViewHeader header;
    final Map<Analysis, RouterLink> tabs = new EnumMap<>(Analysis.class);
    final Select<String> appPicker = new Select<>();
    final TimeRangeField timeRange = new TimeRangeField();
    final ConditionsEditor filters;
    final BuilderErrors errors = new BuilderErrors();
    final Div form = new Div();
    final Div builder = new Div();

    final Div progress = new Div();
    final Button cancel = new Button("Cancel");
    final Div message = new Div();
    final H3 messageTitle = new H3();
    final Paragraph messageText = new Paragraph();
    final Div output = new Div();
    final Button showSql = new Button("SQL", VaadinIcon.CODE.create());
    final Button rerun = new Button(VaadinIcon.REFRESH.create());
    final Button save = new Button("Save", VaadinIcon.BOOKMARK_O.create());
    final Button addToDashboard = new Button("Add to dashboard", VaadinIcon.DASHBOARD.create());

    /** The saved exploration of the query on screen, once saved (a changed query is not saved yet). */
    io.clickstream.studio.explore.saved.SavedExploration saved;
    private Q savedQuery;

    /** The query of the URL, and the result of its last run (null until one arrives). */
    Q query;
    R result;
    String appId;
    /** The parameters of the URL shown (in the order this view writes them). */
    Map<String, List<String>> shownParams = Map.of();
    /** The run in flight, completed once its answer is on screen (tests wait on it). */
    CompletableFuture<Void> running = CompletableFuture.completedFuture(null);

    private final Map<String, AppRecord> apps = new LinkedHashMap<>();
    private BuilderCatalog catalog = BuilderCatalog.EMPTY;
    private boolean updating;
    private long ticket;
    private String runningQueryId;
    private String runningUser;

    ExplorationView(ExploreViewServices services, Analysis analysis) {
        this.services = services;
        this.analysis = analysis;
        addClassNames("cs-dashboard", "cs-explore");

        showSql.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        showSql.setEnabled(false);
        showSql.setTooltipText("Show the SQL of this result");
        showSql.addClickListener(click -> {
            if (result != null) {
                SqlDialog.open(analysis.title(), sql(result));
            }
        });
        rerun.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        rerun.setAriaLabel("Run again");
        rerun.setTooltipText("Run again (new data since)");
        rerun.addClickListener(click -> {
            if (query != null) {
                run(query);
            }
        });
        save.setId("save-exploration-button");
        save.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        save.setEnabled(false);
        save.setTooltipText("Save this exploration under a name");
        save.addClickListener(click -> openSave(null));
        addToDashboard.setId("add-to-dashboard-button");
        addToDashboard.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        addToDashboard.setEnabled(false);
        addToDashboard.setTooltipText("Save it, then put it on a dashboard");
        addToDashboard.addClickListener(click -> {
            if (saved != null && query != null && query.equals(savedQuery)) {
                openAddToDashboard(saved);
            } else {
                openSave(this::openAddToDashboard);
            }
        });
        header = new ViewHeader(analysis.title(), analysis.description(), rerun, showSql, save, addToDashboard);
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

        appPicker.setLabel("App");
        appPicker.setWidthFull();
        appPicker.setItemLabelGenerator(id -> apps.containsKey(id) ? apps.get(id).name() : id);
        appPicker.addValueChangeListener(e -> {
            if (!updating && e.getValue() != null) {
                selectApp(e.getValue());
                builderChanged();
            }
        });
        timeRange.setWidthFull();
        timeRange.addValueChangeListener(e -> builderChanged());
        filters = new ConditionsEditor("Filters", "Add filter", this::builderChanged);
        filters.addClassName("cs-builder-section");

        form.addClassName("cs-builder-form");
        Div common = new Div(appPicker, timeRange);
        common.addClassName("cs-builder-section");
        builder.add(common, form, filters, errors.general);
        builder.addClassNames("cs-card", "cs-explore-builder");
        builder.getElement().setAttribute("role", "form");
        builder.getElement().setAttribute("aria-label", analysis.title() + " builder");

        ProgressBar bar = new ProgressBar();
        bar.setIndeterminate(true);
        cancel.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR);
        cancel.addClickListener(click -> cancelRunning(true));
        Span running = new Span("Running the query…");
        Div progressLine = new Div(running, cancel);
        progressLine.addClassName("cs-progress-line");
        progress.add(bar, progressLine);
        progress.addClassNames("cs-card", "cs-progress");
        progress.getElement().setAttribute("role", "status");
        progress.setVisible(false);

        message.add(messageTitle, messageText);
        message.addClassNames("cs-card", "cs-empty", "cs-explore-message");
        message.setVisible(false);
        output.addClassName("cs-explore-output");

        Div resultColumn = new Div(progress, message, output);
        resultColumn.addClassName("cs-explore-result");
        resultColumn.getElement().setAttribute("aria-live", "polite");
        Div body = new Div(builder, resultColumn);
        body.addClassName("cs-explore-body");
        add(header, tabStrip, body);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // What each analysis provides

    /** The query the builder shows now; rows still being filled in are left out. */
    abstract Q builderQuery();

    /** Shows a query in the analysis's own fields (the common ones are set by {@link #showCommon}). */
    abstract void showQuery(Q query);

    abstract ExplorationUrl.Decoded<Q> decode(Map<String, List<String>> params);

    abstract R execute(String appId, Q query, ExploreService.Caller caller);

    /** Draws a result into {@link #output}: charts, then the results grid(s). */
    abstract void render(R result);

    abstract String sql(R result);

    /** Binds the analysis's fields to the engine's field paths, for its current rows. */
    abstract void bindFields(BuilderErrors errors);

    /** Gives the analysis's fields the app's events and properties. */
    abstract void setCatalog(BuilderCatalog catalog);

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

    void showCommon(TimeRange range, List<Condition> conditions, Join join) {
        timeRange.setValue(range);
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

    static Div chartCard(String title, EChart chart) {
        Div card = new Div(new H3(title), chart);
        card.addClassNames("cs-card", "cs-chart-card");
        return card;
    }

    /** Small figures over a result (total users, overall conversion, ...). */
    static Div figures(String[][] labelsAndValues) {
        Div row = new Div();
        row.addClassName("cs-kpis");
        for (String[] pair : labelsAndValues) {
            Span caption = new Span(pair[0]);
            caption.addClassName("cs-kpi-label");
            Span value = new Span(pair[1]);
            value.addClassNames("cs-kpi-value", "cs-kpi-compact");
            Div card = new Div(caption, value);
            card.addClassName("cs-card");
            row.add(card);
        }
        return row;
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
        output.removeAll();
        showMessage(title, text, "cs-info");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The URL

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Map<String, List<String>> params = event.getLocation().getQueryParameters().getParameters();
        loadApps();
        for (Analysis each : Analysis.values()) {
            tabs.get(each).setQueryParameters(QueryParameters.empty());
        }
        if (apps.isEmpty()) {
            appId = null;
            builder.setEnabled(false);
            output.removeAll();
            showMessage("No apps yet", "Explorations read the events of an app. An administrator adds apps on the "
                    + "Projects page; the demo app appears once the local runtime has sent its first events.",
                    "cs-info");
            return;
        }
        builder.setEnabled(true);
        String requested = ExplorationUrl.app(params);
        String app = requested != null && apps.containsKey(requested) ? requested
                : appId != null && apps.containsKey(appId) ? appId : apps.keySet().iterator().next();
        ExplorationUrl.Decoded<Q> decoded = decode(params);
        updating = true;
        try {
            if (!app.equals(appId)) {
                selectApp(app);
            }
            appPicker.setValue(app);
            if (!decoded.query().equals(builderQuery())) {
                showQuery(decoded.query());
            }
            showViewParams(params);
        } finally {
            updating = false;
        }
        query = decoded.query();
        shownParams = params(query);
        for (Analysis each : Analysis.values()) {
            Map<String, String> carried = new LinkedHashMap<>();
            carried.put(ExplorationUrl.APP, app);
            String range = ExplorationUrl.range(timeRange.getValue());
            if (range != null) {
                carried.put(ExplorationUrl.RANGE, range);
            }
            tabs.get(each).setQueryParameters(QueryParameters.simple(carried));
        }
        if (requested == null || !requested.equals(app)) {
            // Name the app in the URL without a new history entry, so the link says what it shows.
            event.getUI().getPage().getHistory().replaceState(null, location(query));
        }
        Set<String> given = new java.util.HashSet<>(params.keySet());
        given.removeAll(Set.of(ExplorationUrl.APP, ExplorationUrl.RANGE));
        rebindErrors();
        if (!decoded.errors().isEmpty()) {
            cancelRunning(false);
            result = null;
            showSql.setEnabled(false);
            save.setEnabled(false);
            addToDashboard.setEnabled(false);
            output.removeAll();
            errors.show(decoded.errors());
            showMessage("This link has values the builder cannot read",
                    "Fix the highlighted fields to see a result.", "cs-warning");
            return;
        }
        if (given.isEmpty() && !runsWithoutInput()) {
            cancelRunning(false);
            result = null;
            showSql.setEnabled(false);
            save.setEnabled(false);
            addToDashboard.setEnabled(false);
            output.removeAll();
            errors.clear();
            showMessage("Build your " + analysis.title().toLowerCase(java.util.Locale.ROOT), emptyHint(), "cs-info");
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
        params.putAll(viewParams());
        return params;
    }

    String location(Q q) {
        return analysis.route() + "?" + ExplorationUrl.queryString(params(q));
    }

    private void loadApps() {
        apps.clear();
        for (AppRecord app : services.apps()) {
            apps.put(app.appId(), app);
        }
        appPicker.setItems(new ArrayList<>(apps.keySet()));
        appPicker.setVisible(apps.size() > 1 || apps.isEmpty());
    }

    private void selectApp(String app) {
        appId = app;
        try {
            catalog = services.catalog(apps.get(app));
        } catch (RuntimeException e) {
            LOG.warn("Could not read the events of app {}", app, e);
            catalog = BuilderCatalog.EMPTY;
        }
        timeRange.setCatalog(catalog);
        filters.setCatalog(catalog);
        setCatalog(catalog);
    }

    private void rebindErrors() {
        errors.unbindAll();
        errors.bind("app", appPicker);
        errors.bind("timeRange", timeRange);
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
        progress.setVisible(true);
        message.setVisible(false);
        output.addClassName("cs-stale");
        Executor executor = new DelegatingSecurityContextExecutor(services.threads.pool(),
                SecurityContextHolder.getContext());
        running = CompletableFuture.supplyAsync(() -> execute(app, q, caller), executor)
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
        progress.setVisible(false);
        output.removeClassName("cs-stale");
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause == null) {
            result = answer;
            message.setVisible(false);
            output.removeAll();
            showSql.setEnabled(true);
            save.setEnabled(true);
            addToDashboard.setEnabled(true);
            render(answer);
            return;
        }
        result = null;
        showSql.setEnabled(false);
        save.setEnabled(false);
        addToDashboard.setEnabled(false);
        output.removeAll();
        if (cause instanceof InvalidQueryException invalid) {
            errors.show(invalid.errors());
            showMessage("Some fields need a change", "Fix the highlighted fields to see a result.", "cs-warning");
        } else if (cause instanceof UnknownAppException) {
            errors.show(List.of(new FieldMessage("app", "This app no longer exists")));
            showMessage("Unknown app", "Pick another app.", "cs-warning");
        } else if (cause instanceof QueryFailure failure) {
            switch (failure.reason()) {
                case CANCELLED -> showMessage("Query cancelled", "Change the exploration, or run it again.", "cs-info");
                case TIMEOUT -> showMessage("The query took too long and was stopped",
                        "Try a shorter time range, fewer steps or fewer groups.", "cs-warning");
                case FAILED -> showMessage("The query failed", failure.getMessage(), "cs-error");
            }
        } else {
            LOG.error("Exploration {} failed", analysis.path(), cause);
            showMessage("Something went wrong", "The query could not be answered. The studio's log has the details.",
                    "cs-error");
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
        progress.setVisible(false);
        output.removeClassName("cs-stale");
        if (byUser) {
            result = null;
            showSql.setEnabled(false);
            save.setEnabled(false);
            addToDashboard.setEnabled(false);
            output.removeAll();
            showMessage("Query cancelled", "Change the exploration, or run it again.", "cs-info");
        }
    }

    boolean isRunning() {
        return runningQueryId != null;
    }

    private void showMessage(String title, String text, String kind) {
        messageTitle.setText(title);
        messageText.setText(text);
        message.removeClassNames("cs-info", "cs-warning", "cs-error");
        message.addClassName(kind);
        message.setVisible(true);
    }

    @Override
    protected void onDetach(DetachEvent event) {
        cancelRunning(false);
        super.onDetach(event);
    }

    String messageTitle() {
        return message.isVisible() ? messageTitle.getText() : null;
    }
}
