package io.clickstream.studio.explore.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.progressbar.ProgressBar;
import io.clickstream.studio.base.ui.chart.EChart;

/**
 * The result side of every Explore view, one component for the six analyses: while a query runs, a progress bar and
 * Cancel; then the analysis's figures, chart cards and results grids (each grid with its CSV export), or a message in
 * plain words (nothing to run yet, no data, an error, cancelled); and its actions for the view's header: run again,
 * show and copy the SQL, save, add to a dashboard, enabled only while a result is on screen. It holds no query: the
 * view runs it and says what to show.
 */
final class ResultSection extends Div {

    /** What a message is: a hint, something to change, or a failure. */
    enum Kind {
        INFO("cs-info"), WARNING("cs-warning"), ERROR("cs-error");

        final String className;

        Kind(String className) {
            this.className = className;
        }
    }

    final Div progress = new Div();
    final Button cancel = new Button("Cancel");
    final Div message = new Div();
    final H3 messageTitle = new H3();
    final Paragraph messageText = new Paragraph();
    final Div output = new Div();
    final Button rerun = new Button(VaadinIcon.REFRESH.create());
    final Button showSql = new Button("SQL", VaadinIcon.CODE.create());
    final Button save = new Button("Save", VaadinIcon.BOOKMARK_O.create());
    final Button addToDashboard = new Button("Add to dashboard", VaadinIcon.DASHBOARD.create());

    ResultSection() {
        addClassName("cs-explore-result");
        getElement().setAttribute("aria-live", "polite");

        rerun.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        rerun.setAriaLabel("Run again");
        rerun.setTooltipText("Run again (new data since)");
        showSql.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        showSql.setTooltipText("Show the SQL of this result");
        save.setId("save-exploration-button");
        save.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        save.setTooltipText("Save this exploration under a name");
        addToDashboard.setId("add-to-dashboard-button");
        addToDashboard.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        addToDashboard.setTooltipText("Save it, then put it on a dashboard");
        setResultActionsEnabled(false);

        ProgressBar bar = new ProgressBar();
        bar.setIndeterminate(true);
        cancel.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR);
        Div progressLine = new Div(new Span("Running the query…"), cancel);
        progressLine.addClassName("cs-progress-line");
        progress.add(bar, progressLine);
        progress.addClassNames("cs-card", "cs-progress");
        progress.getElement().setAttribute("role", "status");
        progress.setVisible(false);

        message.add(messageTitle, messageText);
        message.addClassNames("cs-card", "cs-empty", "cs-explore-message");
        message.setVisible(false);
        output.addClassName("cs-explore-output");
        add(progress, message, output);
    }

    /** The actions for the view's header, in their order. */
    Button[] actions() {
        return new Button[] {rerun, showSql, save, addToDashboard};
    }

    /** A query runs: the progress shows and what is on screen dims until the answer comes. */
    void running() {
        progress.setVisible(true);
        message.setVisible(false);
        output.addClassName("cs-stale");
    }

    /** The query ended (answered, failed or stopped). */
    void stopped() {
        progress.setVisible(false);
        output.removeClassName("cs-stale");
    }

    /** Clears the output for a new result; the actions on a result become available. */
    void startResult() {
        message.setVisible(false);
        output.removeAll();
        setResultActionsEnabled(true);
    }

    /** No result: only a message, and nothing to show the SQL of, save or add. */
    void showOnly(String title, String text, Kind kind) {
        setResultActionsEnabled(false);
        output.removeAll();
        showMessage(title, text, kind);
    }

    /** A result with nothing in it: the message says what to change (the result's SQL stays available). */
    void showNoData(String title, String text) {
        output.removeAll();
        showMessage(title, text, Kind.INFO);
    }

    /** Small figures over a result (total users, overall conversion, ...), as label and value pairs. */
    void addFigures(String[][] labelsAndValues) {
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
        output.add(row);
    }

    /** A titled card around a chart; returned so that a view can add a control to it. */
    Div addChart(String title, EChart chart) {
        Div card = new Div(new H3(title), chart);
        card.addClassNames("cs-card", "cs-chart-card");
        output.add(card);
        return card;
    }

    /** A card in the output that says, in words, why a part of the result has nothing to draw. */
    Div addNote(String title, String text) {
        Div card = new Div(new H3(title), new Paragraph(text));
        card.addClassNames("cs-card", "cs-empty", "cs-explore-note");
        output.add(card);
        return card;
    }

    /** A results grid (sortable, with its CSV export) of a table. */
    ResultGrid addGrid(ResultTable table) {
        ResultGrid grid = new ResultGrid(table);
        output.add(grid);
        return grid;
    }

    /** The title of the message shown, or null when none is. */
    String messageTitle() {
        return message.isVisible() ? messageTitle.getText() : null;
    }

    private void setResultActionsEnabled(boolean enabled) {
        showSql.setEnabled(enabled);
        save.setEnabled(enabled);
        addToDashboard.setEnabled(enabled);
    }

    private void showMessage(String title, String text, Kind kind) {
        messageTitle.setText(title);
        messageText.setText(text);
        for (Kind each : Kind.values()) {
            message.removeClassName(each.className);
        }
        message.addClassName(kind.className);
        message.setVisible(true);
    }
}
