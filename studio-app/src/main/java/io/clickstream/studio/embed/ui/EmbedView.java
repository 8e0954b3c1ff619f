package io.clickstream.studio.embed.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import io.clickstream.studio.base.BackgroundTasks;
import io.clickstream.studio.base.DateRangeChoice;
import io.clickstream.studio.base.ui.BackgroundLoader;
import io.clickstream.studio.dashboard.Tile;
import io.clickstream.studio.dashboard.TileContent;
import io.clickstream.studio.dashboard.ui.ExplorationTile;
import io.clickstream.studio.embed.EmbedService;
import io.clickstream.studio.embed.EmbedUrls;
import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.VaadinServletRequest;
import io.clickstream.studio.embed.EmbedService.EmbedGrant;
import io.clickstream.studio.embed.quicksight.QuickSightEmbedding;
import io.clickstream.studio.embed.quicksight.QuickSightFailure;
import io.clickstream.studio.base.InvalidInputException;
import io.clickstream.studio.base.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code /embed/<token>}: one embed link's dashboard, tile or QuickSight visual, read-only, for whoever holds the
 * token, with no studio session. It stands outside the studio's layout (no menu, header or links), and holds nothing
 * but what the link shows; any other route still needs a signed-in user. The token is checked again here (the
 * {@code /embed/*} filter checked it for the page load): navigation inside an open page passes only through here.
 */
@Route(value = "embed/:token", autoLayout = false)
@AnonymousAllowed
public class EmbedView extends Main implements BeforeEnterObserver, HasDynamicTitle {

    /** What every refusal says, whatever failed. */
    static final String REFUSED = "This embed link is not valid: it may have expired or been revoked. Ask the "
            + "studio's administrator for a new link.";

    private static final Logger log = LoggerFactory.getLogger(EmbedView.class);

    final EmbedService embeds;
    final QuickSightEmbedding quickSight;
    final BackgroundTasks tasks;
    final H2 title = new H2();
    final Paragraph subtitle = new Paragraph();
    final Div grid = new Div();
    final Paragraph refusal = new Paragraph(REFUSED);
    final List<ExplorationTile> tiles = new ArrayList<>();
    private final List<BackgroundLoader> loaders = new ArrayList<>();
    EmbedGrant grant;

    EmbedView(EmbedService embeds, QuickSightEmbedding quickSight, BackgroundTasks tasks) {
        this.embeds = embeds;
        this.quickSight = quickSight;
        this.tasks = tasks;
        addClassNames("cs-dashboard", "cs-embed");
        title.addClassName("cs-embed-title");
        subtitle.addClassName("cs-subtitle");
        grid.addClassName("cs-tile-grid");
        grid.setId("embed-tiles");
        refusal.setId("embed-refused");
        refusal.addClassNames("cs-card", "cs-empty");
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        loaders.forEach(BackgroundLoader::cancel);
        loaders.clear();
        tiles.clear();
        removeAll();
        grid.removeAll();
        Optional<EmbedGrant> opened = embeds.open(event.getRouteParameters().get("token").orElse(""));
        grant = opened.orElse(null);
        if (grant == null) {
            add(refusal);
            return;
        }
        title.setText(grant.dashboard().name());
        subtitle.setText(DateRangeChoice.days(grant.from(), grant.to()) + (grant.link().filters().isEmpty() ? ""
                : " · filtered"));
        add(title, subtitle);
        if (grant.link().quickSightVisual() != null) {
            showQuickSightVisual();
            return;
        }
        List<TileContent> contents = embeds.tiles(grant);
        if (contents.isEmpty()) {
            Paragraph empty = new Paragraph("This dashboard has no tiles.");
            empty.addClassNames("cs-card", "cs-empty");
            add(empty);
            return;
        }
        add(grid);
        contents.forEach(content -> grid.add(tile(content)));
    }

    @Override
    public String getPageTitle() {
        return grant == null ? "Link not valid" : grant.dashboard().name();
    }

    private ExplorationTile tile(TileContent content) {
        Tile t = content.tile();
        ExplorationTile tile = new ExplorationTile(content.exploration() == null ? "Deleted exploration"
                : content.exploration().name(), content.exploration() == null ? null : content.exploration().analysis());
        tile.setId("tile-" + t.id());
        // A single-tile link fills the frame; a whole dashboard keeps its layout.
        tile.setSize(grant.link().tileId() == null ? t.width() : Tile.MAX_WIDTH, t.height());
        tiles.add(tile);
        if (content.exploration() == null) {
            tile.showMessage("The saved exploration of this tile was deleted.");
            return tile;
        }
        tile.showLoading();
        BackgroundLoader loader = new BackgroundLoader(tasks);
        loaders.add(loader);
        EmbedGrant shown = grant;
        loader.load(this, () -> embeds.runTile(shown, t.id()),
                result -> tile.showResult(result, shown.partialToday() ? shown.today() : null),
                failure -> {
                    if (failure instanceof NotFoundException || failure instanceof InvalidInputException) {
                        tile.showMessage(failure.getMessage());
                    } else {
                        // A portal's viewer gets no engine details; the studio's log keeps them.
                        log.warn("embed link {}: tile {} failed", shown.link().id(), t.id(), failure);
                        tile.showMessage("This tile could not be drawn.");
                    }
                });
        return tile;
    }

    private void showQuickSightVisual() {
        QuickSightFrame frame = new QuickSightFrame();
        frame.setId("quicksight-visual");
        Paragraph message = new Paragraph();
        message.addClassName("cs-tile-message");
        add(frame, message);
        try {
            frame.show(QuickSightFrame.Kind.VISUAL, quickSight.visualUrl(grant.link(),
                    EmbedUrls.origin(((VaadinServletRequest) VaadinRequest.getCurrent()).getHttpServletRequest())));
        } catch (QuickSightFailure failure) {
            frame.setVisible(false);
            message.setText(failure.getMessage());
        }
    }
}
