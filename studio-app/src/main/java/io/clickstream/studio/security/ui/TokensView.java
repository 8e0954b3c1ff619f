package io.clickstream.studio.security.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.clickstream.studio.base.InvalidInputException;
import io.clickstream.studio.base.NotFoundException;
import io.clickstream.studio.base.ui.FieldErrors;
import io.clickstream.studio.base.ui.MainLayout;
import io.clickstream.studio.base.ui.ViewHeader;
import io.clickstream.studio.security.ApiTokenRecord;
import io.clickstream.studio.security.ApiTokenService;
import io.clickstream.studio.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The signed-in user's personal API tokens: create one (its value is shown once, then only its hash is kept), see
 * when each was last used, revoke. A token acts with the user's roles.
 */
@Route(value = "tokens", layout = MainLayout.class)
@PageTitle("API tokens")
@RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR, Roles.ANALYST, Roles.READER})
class TokensView extends Main {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MMM d, yyyy HH:mm", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    final ApiTokenService tokens;
    final Grid<ApiTokenRecord> grid = new Grid<>();
    final Div emptyState = new Div();
    final TextField name = new TextField();
    final Button create = new Button("Create token", VaadinIcon.PLUS.create());
    final FieldErrors errors = new FieldErrors().bind("name", name);
    /** The value of the token created last, as shown in its dialog (tests read it). */
    final Pre createdValue = new Pre();
    final Dialog createdDialog = new Dialog();

    TokensView(ApiTokenService tokens) {
        this.tokens = tokens;
        addClassName("cs-dashboard");

        name.setPlaceholder("What it is for, e.g. CI deploys");
        name.setAriaLabel("Token name");
        name.setWidth("320px");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.addClickListener(click -> create());

        grid.addColumn(ApiTokenRecord::name).setHeader("Name").setFlexGrow(1);
        grid.addColumn(t -> "cs_" + t.id() + "_…").setHeader("Token").setAutoWidth(true);
        grid.addColumn(t -> TIME.format(t.createdAt())).setHeader("Created").setAutoWidth(true);
        grid.addColumn(t -> t.lastUsedAt() == null ? "Never" : TIME.format(t.lastUsedAt()))
                .setHeader("Last used").setAutoWidth(true);
        grid.addComponentColumn(t -> {
            Button revoke = new Button("Revoke", click -> revoke(t));
            revoke.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE, ButtonVariant.LUMO_ERROR);
            return revoke;
        }).setAutoWidth(true).setFlexGrow(0);
        grid.addThemeVariants(GridVariant.LUMO_NO_BORDER);
        grid.setAllRowsVisible(true);

        emptyState.addClassName("cs-empty");
        emptyState.add(new H3("No API tokens yet"), new Paragraph("Create a token to call the studio's JSON API "
                + "(/api/v1) from scripts: send it as 'Authorization: Bearer <token>'. It can do what your role "
                + "allows."));

        Div form = new Div(name, create);
        form.addClassName("cs-inline-form");
        Div card = new Div(form, grid, emptyState);
        card.addClassNames("cs-card", "cs-grid-card");

        createdValue.addClassName("cs-code");
        createdValue.setId("created-token");
        createdDialog.setHeaderTitle("Your new API token");
        Button copy = new Button("Copy", VaadinIcon.COPY.create(), click -> createdValue.getElement().executeJs(
                "navigator.clipboard && navigator.clipboard.writeText(this.textContent)"));
        Button done = new Button("Done", click -> createdDialog.close());
        done.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Div tokenBox = new Div(createdValue);
        tokenBox.setWidth("560px");
        createdDialog.add(new Paragraph("Copy it now: it is not shown again. Only a hash of it is stored."),
                tokenBox);
        createdDialog.getFooter().add(copy, done);

        add(new ViewHeader("API tokens", "Personal tokens for the JSON API. They act with your roles until you "
                + "revoke them."), card);
        refresh();
    }

    void refresh() {
        var mine = tokens.mine();
        grid.setItems(mine);
        grid.setVisible(!mine.isEmpty());
        emptyState.setVisible(mine.isEmpty());
    }

    void create() {
        try {
            ApiTokenService.CreatedToken created = tokens.create(name.getValue());
            errors.clear();
            name.clear();
            createdValue.setText(created.value());
            createdDialog.open();
        } catch (InvalidInputException e) {
            errors.show(e);
        } catch (org.springframework.security.core.AuthenticationException e) {
            FieldErrors.error("Personal API tokens belong to users who sign in with a studio password. Ask an "
                    + "administrator for a service token instead.");
        }
        refresh();
    }

    void revoke(ApiTokenRecord token) {
        try {
            tokens.revoke(token.id());
            FieldErrors.success("Revoked " + token.name());
        } catch (NotFoundException e) {
            FieldErrors.error(e.getMessage());
        }
        refresh();
    }
}
