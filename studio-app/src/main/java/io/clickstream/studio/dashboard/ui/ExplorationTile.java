package io.clickstream.studio.dashboard.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.progressbar.ProgressBar;
import io.clickstream.studio.dashboard.TileAnswer;
import io.clickstream.studio.explore.model.Analysis;
import io.clickstream.studio.explore.ui.ExplorationCharts;
import java.time.LocalDate;

/**
 * One tile: a saved exploration's name and analysis over its result, drawn by {@link ExplorationCharts}. It only
 * shows; whoever places it runs the query (a dashboard for a signed-in user, an embed for a portal) and calls
 * {@link #showLoading()}, then {@link #showResult} or {@link #showMessage}. {@link #actions()} holds the edit controls
 * a dashboard adds for analysts. Its size is in grid columns and rows of the {@code cs-tile-grid} around it.
 */
public class ExplorationTile extends Div {

    final H3 title = new H3();
    final Span kind = new Span();
    final Div actions = new Div();
    final Div body = new Div();
    final ProgressBar loading = new ProgressBar();
    final Paragraph message = new Paragraph();
    private Object result;

    public ExplorationTile(String name, Analysis analysis) {
        addClassNames("cs-card", "cs-tile");
        title.setText(name);
        title.addClassName("cs-tile-title");
        kind.setText(analysis == null ? "" : analysis.label());
        kind.getElement().getThemeList().add("badge contrast small");
        kind.addClassName("cs-tile-kind");
        actions.addClassName("cs-tile-actions");
        Div head = new Div(new Div(title, kind), actions);
        head.addClassName("cs-tile-head");
        loading.setIndeterminate(true);
        loading.addClassName("cs-tile-loading");
        loading.getElement().setAttribute("aria-label", "Loading " + name);
        message.addClassName("cs-tile-message");
        body.addClassName("cs-tile-body");
        add(head, loading, body);
        getElement().setAttribute("role", "figure");
        getElement().setAttribute("aria-label", name);
        setSize(2, 1);
    }

    /** Where a dashboard puts its controls for the tile (move, resize, remove). */
    public Div actions() {
        return actions;
    }

    /** The tile's span in the grid: columns of four, rows of a fixed height. */
    public void setSize(int width, int height) {
        getStyle().set("--cs-tile-width", Integer.toString(width)).set("--cs-tile-height", Integer.toString(height));
    }

    public void showLoading() {
        loading.setVisible(true);
        getElement().setAttribute("aria-busy", "true");
    }

    /**
     * Draws the answer as its query asked for it.
     *
     * @param today the app's today when the range ends today (its bucket is drawn as partial), else null
     */
    public void showResult(TileAnswer answer, LocalDate today) {
        this.result = answer.result();
        done();
        body.removeAll();
        if (ExplorationCharts.isEmpty(result)) {
            showMessage("No events match in this range.");
            return;
        }
        Component drawing = ExplorationCharts.render(answer.query(), result, today);
        body.add(drawing);
    }

    /** A sentence instead of a chart: an error in plain words, or why there is nothing to draw. */
    public void showMessage(String text) {
        done();
        body.removeAll();
        message.setText(text);
        body.add(message);
    }

    /** The result last shown, or null. */
    public Object result() {
        return result;
    }

    private void done() {
        loading.setVisible(false);
        getElement().removeAttribute("aria-busy");
    }
}
