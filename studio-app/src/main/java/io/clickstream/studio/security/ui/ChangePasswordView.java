package io.clickstream.studio.security.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.security.AuthenticationContext;
import io.clickstream.studio.base.InvalidInputException;
import io.clickstream.studio.security.UserService;
import jakarta.annotation.security.PermitAll;

/**
 * Where a local user chooses a new password: forced after the first start's {@code admin}/{@code admin} and after an
 * administrator set one ({@link PasswordChangeGate} sends them here), and open from the user menu at any time.
 */
@Route(value = "change-password", autoLayout = false)
@PageTitle("Change password | Clickstream Studio")
@PermitAll
class ChangePasswordView extends Main {

    final PasswordField currentPassword = new PasswordField("Current password");
    final PasswordField newPassword = new PasswordField("New password");
    final PasswordField repeatPassword = new PasswordField("Repeat the new password");
    final Button save = new Button("Set password");
    final Paragraph intro = new Paragraph();

    private final UserService users;

    ChangePasswordView(UserService users, AuthenticationContext authentication) {
        this.users = users;
        addClassName("login-view");
        String name = authentication.getPrincipalName().orElse("");
        boolean forced = users.passwordChangeRequired(name);
        intro.setText(forced
                ? "Welcome, " + name + ". Choose your own password before you continue: the one you signed in with "
                        + "was set for you."
                : "Choose a new password for " + name + ".");
        intro.addClassName("login-tagline");
        newPassword.setHelperText("At least " + UserService.MIN_PASSWORD_LENGTH + " characters, not your user name");
        for (PasswordField field : new PasswordField[] {currentPassword, newPassword, repeatPassword}) {
            field.setWidthFull();
            field.addValueChangeListener(e -> field.setInvalid(false));
        }
        currentPassword.setId("current-password");
        newPassword.setId("new-password");
        repeatPassword.setId("repeat-password");
        save.setId("set-password");
        currentPassword.setAutofocus(true);
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.setWidthFull();
        save.addClickShortcut(com.vaadin.flow.component.Key.ENTER);
        save.addClickListener(click -> save());

        H1 title = new H1(forced ? "Set your password" : "Change password");
        title.addClassName("login-brand");
        Div form = new Div(currentPassword, newPassword, repeatPassword, save);
        form.addClassName("cs-form-stack");
        Div card = new Div(title, intro, form);
        card.addClassNames("login-card", "cs-password-card");
        add(card);
    }

    void save() {
        if (!newPassword.getValue().equals(repeatPassword.getValue())) {
            repeatPassword.setErrorMessage("The two new passwords differ");
            repeatPassword.setInvalid(true);
            return;
        }
        try {
            users.changeOwnPassword(currentPassword.getValue(), newPassword.getValue());
        } catch (InvalidInputException e) {
            e.messageOf("currentPassword").ifPresent(m -> show(currentPassword, m));
            e.messageOf("newPassword").ifPresent(m -> show(newPassword, m));
            return;
        }
        Notification.show("Your password is set.", 4000, Notification.Position.BOTTOM_END)
                .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
        getUI().ifPresent(ui -> ui.navigate(""));
    }

    private static void show(PasswordField field, String message) {
        field.setErrorMessage(message);
        field.setInvalid(true);
    }
}
