package io.clickstream.studio.embed.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.VaadinServletRequest;
import io.clickstream.metadata.Versioned;
import io.clickstream.studio.base.DateRangeChoice;
import io.clickstream.studio.base.ui.Clipboard;
import io.clickstream.studio.base.InvalidInputException;
import io.clickstream.studio.base.ui.ConfirmDelete;
import io.clickstream.studio.base.ui.FieldErrors;
import io.clickstream.studio.dashboard.Dashboard;
import io.clickstream.studio.dashboard.TileContent;
import io.clickstream.studio.embed.EmbedLink;
import io.clickstream.studio.embed.EmbedLinkInput;
import io.clickstream.studio.embed.EmbedService;
import io.clickstream.studio.embed.EmbedUrls;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A dashboard's embed links for an administrator: a form that makes one (whole dashboard or one tile, date range,
 * portal origins, hours until it expires) and shows its URL to copy, and the list of links with their state and a
 * revoke button. The service checks the role again on every call.
 */
class EmbedLinksPanel extends Div {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("MMM d, yyyy HH:mm 'UTC'",
            Locale.ENGLISH).withZone(ZoneOffset.UTC);
    static final String WHOLE_DASHBOARD = "";

    final EmbedService embeds;
    final Dashboard dashboard;
    final Select<String> tile = new Select<>();
    final Select<DateRangeChoice> range = new Select<>();
    final TextField origins = new TextField("Portal origins");
    final IntegerField hours = new IntegerField("Expires after (hours)");
    final Button create = new Button("Create link", VaadinIcon.LINK.create());
    final TextField url = new TextField("Link for the portal's iframe");
    final Grid<EmbedLink> links = new Grid<>();
    final FieldErrors errors = new FieldErrors();
    private final Map<String, String> tileNames = new LinkedHashMap<>();

    EmbedLinksPanel(EmbedService embeds, Dashboard dashboard, List<TileContent> tiles, DateRangeChoice shown) {
        this.embeds = embeds;
        this.dashboard = dashboard;
        addClassName("cs-embed-links");
        tileNames.put(WHOLE_DASHBOARD, "Whole dashboard");
        tiles.forEach(t -> tileNames.put(t.tile().id(), t.exploration() == null ? "Deleted exploration"
                : t.exploration().name()));
        tile.setLabel("Shows");
        tile.setId("embed-tile");
        tile.setItems(tileNames.keySet());
        tile.setItemLabelGenerator(tileNames::get);
        tile.setValue(WHOLE_DASHBOARD);
        range.setLabel("Dates");
        range.setId("embed-range");
        // The named presets, and the dashboard's own range when it is another one (Last 14 days, custom dates).
        List<DateRangeChoice> ranges = new java.util.ArrayList<>(Arrays.stream(DateRangeChoice.Preset.values())
                .filter(p -> p != DateRangeChoice.Preset.CUSTOM && p != DateRangeChoice.Preset.RELATIVE)
                .map(DateRangeChoice::of).toList());
        if (!ranges.contains(shown)) {
            ranges.add(shown);
        }
        range.setItems(ranges);
        range.setItemLabelGenerator(DateRangeChoice::label);
        range.setValue(shown);
        origins.setId("embed-origins");
        origins.setPlaceholder("https://portal.example.com");
        origins.setHelperText("Only pages of these origins may show the link; separate several with spaces");
        origins.setWidthFull();
        hours.setId("embed-hours");
        hours.setValue(24);
        hours.setMin(1);
        hours.setStepButtonsVisible(true);
        create.setId("embed-create");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.addClickListener(click -> create());
        url.setId("embed-url");
        url.setReadOnly(true);
        url.setWidthFull();
        url.setVisible(false);
        Button copy = new Button(VaadinIcon.COPY_O.create(), click -> Clipboard.copy(url.getValue(), "The link"));
        copy.setId("embed-copy");
        copy.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE);
        copy.setAriaLabel("Copy the link");
        copy.setTooltipText("Copy the link");
        url.setSuffixComponent(copy);
        errors.bind("allowedOrigins", origins).bind("expiresInHours", hours);
        for (int i = 0; i < 10; i++) {
            errors.bind("allowedOrigins[" + i + "]", origins);
        }
        Div form = new Div(tile, range, hours, origins, create);
        form.addClassName("cs-embed-form");
        links.setId("embed-list");
        links.addColumn(l -> l.tileId() == null ? l.scope() : tileNames.getOrDefault(l.tileId(), l.scope()))
                .setHeader("Shows").setAutoWidth(true);
        links.addColumn(l -> String.join(" ", l.allowedOrigins())).setHeader("Portal origins").setFlexGrow(1);
        links.addColumn(l -> WHEN.format(l.expiresAt())).setHeader("Expires").setAutoWidth(true);
        links.addComponentColumn(this::state).setHeader("State").setAutoWidth(true);
        links.addComponentColumn(this::revokeButton).setHeader("").setAutoWidth(true);
        links.setAllRowsVisible(true);
        links.setEmptyStateText("No embed links yet: name the portal's origin above and create one.");
        add(new Paragraph("A link shows this dashboard read-only to anyone who has it, inside pages of the portal "
                + "origins only, until it expires or is revoked."), form, url, new H4("Links"), links);
        refresh();
    }

    void create() {
        errors.clear();
        List<String> given = Arrays.stream(origins.getValue().split("[\\s,]+")).filter(s -> !s.isBlank()).toList();
        try {
            EmbedService.CreatedLink created = embeds.create(dashboard.id(), new EmbedLinkInput(hours.getValue(),
                    given, List.of(), range.getValue() == null ? null : range.getValue().token(),
                    WHOLE_DASHBOARD.equals(tile.getValue()) ? null : tile.getValue(), null));
            url.setValue(EmbedUrls.of(((VaadinServletRequest) VaadinRequest.getCurrent()).getHttpServletRequest(),
                    created.token()));
            url.setVisible(true);
            FieldErrors.success("Embed link created");
            refresh();
        } catch (InvalidInputException e) {
            errors.show(e);
        }
    }

    private Span state(EmbedLink link) {
        Instant now = Clock.systemUTC().instant();
        String text = link.revokedAt() != null ? "Revoked" : link.isActive(now) ? "Active" : "Expired";
        Span badge = new Span(text);
        badge.getElement().getThemeList().add(link.isActive(now) ? "badge success" : "badge contrast");
        return badge;
    }

    Button revokeButton(EmbedLink link) {
        Button revoke = new Button("Revoke", click -> ConfirmDelete.open("Revoke this embed link?",
                "Portals showing it see a refusal from their next load on.", () -> {
                    embeds.revoke(link.id());
                    FieldErrors.success("Embed link revoked");
                    refresh();
                }));
        revoke.setId("revoke-" + link.id());
        revoke.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
        revoke.setEnabled(link.revokedAt() == null);
        return revoke;
    }

    void refresh() {
        links.setItems(embeds.list(dashboard.id()).stream().map(Versioned::value).toList());
    }
}
