package io.clickstream.studio.security.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.clickstream.metadata.ItemConflictException;
import io.clickstream.metadata.Versioned;
import io.clickstream.studio.base.ConflictException;
import io.clickstream.studio.base.InvalidInputException;
import io.clickstream.studio.base.NotFoundException;
import io.clickstream.studio.base.ui.ConfirmDelete;
import io.clickstream.studio.base.ui.FieldErrors;
import io.clickstream.studio.base.ui.MainLayout;
import io.clickstream.studio.base.ui.ViewHeader;
import io.clickstream.studio.security.Roles;
import io.clickstream.studio.security.UserRecord;
import io.clickstream.studio.security.UserService;
import jakarta.annotation.security.RolesAllowed;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Users page (Administrator): local accounts with their roles and state; add a user, change roles, disable, set
 * a password (which the user must replace at their next sign-in), delete. The service refuses to remove the last
 * administrator, and a change someone else made meanwhile is refused with the store's message.
 */
@Route(value = "admin/users", layout = MainLayout.class)
@PageTitle("Users")
@Menu(order = 90, icon = "vaadin:users", title = "Users")
@RolesAllowed(Roles.ADMINISTRATOR)
class UsersView extends Main {

    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("MMM d, yyyy", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    final UserService users;
    final Grid<Versioned<UserRecord>> grid = new Grid<>();
    final Button add = new Button("Add user", VaadinIcon.PLUS.create());
    /** The open dialog, for tests; null when none is open. */
    UserDialog dialog;

    UsersView(UserService users) {
        this.users = users;
        addClassName("cs-dashboard");
        add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        add.addClickListener(click -> openCreate());

        grid.addColumn(u -> u.value().username()).setHeader("User").setAutoWidth(true).setFlexGrow(1);
        grid.addComponentColumn(u -> badges(u.value().roles(), "")).setHeader("Roles").setAutoWidth(true);
        grid.addComponentColumn(UsersView::status).setHeader("Status").setAutoWidth(true);
        grid.addColumn(u -> DATE.format(u.value().createdAt())).setHeader("Created").setAutoWidth(true);
        grid.addComponentColumn(this::actions).setHeader("").setAutoWidth(true).setFlexGrow(0);
        grid.addThemeVariants(GridVariant.LUMO_NO_BORDER, GridVariant.LUMO_ROW_STRIPES);
        grid.setAllRowsVisible(true);
        Div card = new Div(grid);
        card.addClassNames("cs-card", "cs-grid-card");

        add(new ViewHeader("Users", "People who sign in with a studio password, and what their role lets them do.",
                add), card);
        refresh();
    }

    void refresh() {
        grid.setItems(users.list());
    }

    void openCreate() {
        dialog = new UserDialog(null);
        dialog.open();
    }

    void openEdit(Versioned<UserRecord> user) {
        dialog = new UserDialog(user);
        dialog.open();
    }

    void openPassword(Versioned<UserRecord> user) {
        dialog = new UserDialog(user, true);
        dialog.open();
    }

    void delete(Versioned<UserRecord> user) {
        try {
            users.delete(user.value().username(), user.version());
            FieldErrors.success("Deleted " + user.value().username());
        } catch (ConflictException | ItemConflictException | NotFoundException e) {
            FieldErrors.error(e.getMessage());
        }
        refresh();
    }

    private Component actions(Versioned<UserRecord> user) {
        Button edit = new Button(VaadinIcon.EDIT.create(), click -> openEdit(user));
        edit.setTooltipText("Edit roles and status");
        edit.setAriaLabel("Edit " + user.value().username());
        Button password = new Button(VaadinIcon.KEY.create(), click -> openPassword(user));
        password.setTooltipText("Set a new password");
        password.setAriaLabel("Set a password for " + user.value().username());
        Button delete = new Button(VaadinIcon.TRASH.create());
        delete.setTooltipText("Delete");
        delete.setAriaLabel("Delete " + user.value().username());
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR);
        delete.addClickListener(click -> confirmDelete(user));
        for (Button b : List.of(edit, password, delete)) {
            b.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE);
        }
        Div actions = new Div(edit, password, delete);
        actions.addClassName("cs-row-actions");
        return actions;
    }

    private void confirmDelete(Versioned<UserRecord> user) {
        ConfirmDelete.open("Delete " + user.value().username() + "?",
                "The account and its API tokens are deleted. Its entries in the audit log stay.", () -> delete(user));
    }

    static Div badges(List<String> values, String extraClass) {
        Div badges = new Div();
        badges.addClassName("cs-badges");
        for (String value : values) {
            Span badge = new Span(value);
            badge.getElement().getThemeList().add("badge pill" + extraClass);
            badges.add(badge);
        }
        return badges;
    }

    private static Component status(Versioned<UserRecord> user) {
        Span status;
        if (!user.value().enabled()) {
            status = new Span("Disabled");
            status.getElement().getThemeList().add("badge error pill");
        } else if (user.value().passwordChangeRequired()) {
            status = new Span("Must set password");
            status.getElement().getThemeList().add("badge contrast pill");
        } else {
            status = new Span("Active");
            status.getElement().getThemeList().add("badge success pill");
        }
        return status;
    }

    /** Adds a user, edits one's roles and status, or sets one's password. */
    final class UserDialog extends Dialog {

        final TextField username = new TextField("User name");
        final PasswordField password = new PasswordField("Password");
        final CheckboxGroup<String> roles = new CheckboxGroup<>("Roles");
        final Checkbox enabled = new Checkbox("May sign in");
        final Button save = new Button();
        final FieldErrors errors = new FieldErrors();
        private final Versioned<UserRecord> user;
        private final boolean passwordOnly;

        UserDialog(Versioned<UserRecord> user) {
            this(user, false);
        }

        UserDialog(Versioned<UserRecord> user, boolean passwordOnly) {
            this.user = user;
            this.passwordOnly = passwordOnly;
            errors.bind("username", username).bind("password", password).bind("roles", roles);
            roles.setItems(Roles.ALL);
            roles.setItemLabelGenerator(role -> role + " · " + roleHelp(role));
            roles.addThemeVariants(com.vaadin.flow.component.checkbox.CheckboxGroupVariant.LUMO_VERTICAL);
            password.setHelperText("At least " + UserService.MIN_PASSWORD_LENGTH
                    + " characters; the user must replace it at their next sign-in");
            username.setWidthFull();
            password.setWidthFull();
            List<Component> fields = new ArrayList<>();
            if (user == null) {
                setHeaderTitle("Add user");
                roles.setValue(java.util.Set.of(Roles.READER));
                fields.addAll(List.of(username, password, roles));
                save.setText("Add user");
            } else if (passwordOnly) {
                setHeaderTitle("Set a password for " + user.value().username());
                fields.add(password);
                save.setText("Set password");
            } else {
                setHeaderTitle("Edit " + user.value().username());
                roles.setValue(new java.util.LinkedHashSet<>(user.value().roles()));
                enabled.setValue(user.value().enabled());
                fields.addAll(List.of(roles, enabled));
                save.setText("Save");
            }
            Div form = new Div(fields.toArray(Component[]::new));
            form.addClassName("cs-form-stack");
            form.setWidth("420px");
            add(form);
            save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            save.addClickListener(click -> save());
            getFooter().add(new Button("Cancel", click -> close()), save);
        }

        void save() {
            List<String> chosen = Roles.ALL.stream().filter(roles.getValue()::contains).toList();
            try {
                if (user == null) {
                    users.create(new UserService.NewUser(username.getValue().strip(), password.getValue(), chosen));
                    FieldErrors.success("Added " + username.getValue().strip());
                } else if (passwordOnly) {
                    users.resetPassword(user.value().username(), password.getValue(), user.version());
                    FieldErrors.success("Password set; " + user.value().username() + " must change it at sign-in");
                } else {
                    users.update(user.value().username(), chosen, enabled.getValue(), user.version());
                    FieldErrors.success("Saved " + user.value().username());
                }
            } catch (InvalidInputException e) {
                errors.show(e);
                return;
            } catch (ConflictException | ItemConflictException | NotFoundException e) {
                FieldErrors.error(e.getMessage());
                return;
            }
            close();
            dialog = null;
            refresh();
        }
    }

    static String roleHelp(String role) {
        return switch (role) {
            case Roles.ADMINISTRATOR -> "everything, including users and projects";
            case Roles.OPERATOR -> "pipelines and dashboards";
            case Roles.ANALYST -> "explore, dashboards, metadata";
            default -> "view dashboards";
        };
    }
}
