package io.clickstream.studio.security.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.ButtonKt;
import com.vaadin.flow.component.UI;
import io.clickstream.metadata.Versioned;
import io.clickstream.studio.fixture.Notifications;
import io.clickstream.studio.fixture.StudioTestProperties;
import io.clickstream.studio.fixture.StudioUi;
import io.clickstream.studio.security.ApiTokenService;
import io.clickstream.studio.security.Roles;
import io.clickstream.studio.security.UserRecord;
import io.clickstream.studio.security.UserService;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The Users page, the forced change of password and the API tokens page, browserless (Karibu). */
@SpringBootTest(properties = {"clickstream.runtime=none", "clickstream.demo=false"})
class AccountFormsTest {

    @Autowired
    ApplicationContext context;
    @Autowired
    UserService users;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        StudioTestProperties.register(registry);
    }

    @BeforeEach
    void startUi() {
        StudioUi.start(context);
    }

    @AfterEach
    void stopUi() {
        StudioUi.stop();
    }

    @Test
    void adds_a_user_after_showing_each_problem_next_to_its_field() {
        UsersView view = openUsers();
        ButtonKt._click(view.add);
        UsersView.UserDialog dialog = view.dialog;
        dialog.username.setValue("has space");
        dialog.password.setValue("short");
        dialog.roles.setValue(Set.of());
        ButtonKt._click(dialog.save);

        assertThat(dialog.isOpened()).isTrue();
        assertThat(dialog.username.isInvalid()).isTrue();
        assertThat(dialog.username.getErrorMessage()).contains("letters, digits");
        assertThat(dialog.password.getErrorMessage()).isEqualTo("Use at least 8 characters");
        assertThat(dialog.roles.getErrorMessage()).isEqualTo("Choose at least one role");

        String name = "newbie-" + System.nanoTime();
        dialog.username.setValue(name);
        dialog.password.setValue("newbie-password");
        dialog.roles.setValue(Set.of(Roles.ANALYST));
        ButtonKt._click(dialog.save);

        assertThat(dialog.isOpened()).isFalse();
        Versioned<UserRecord> created = gridRow(view, name);
        assertThat(created.value().roles()).containsExactly(Roles.ANALYST);
        assertThat(created.value().passwordChangeRequired()).isTrue();
    }

    @Test
    void a_second_admin_editing_the_same_user_gets_a_conflict_and_nothing_is_overwritten() {
        String name = "edited-" + System.nanoTime();
        UsersView view = openUsers();
        users.create(new UserService.NewUser(name, "edited-password", List.of(Roles.READER)));
        view.refresh();
        view.openEdit(gridRow(view, name));
        UsersView.UserDialog mine = view.dialog;

        Versioned<UserRecord> theirs = gridRow(view, name);
        users.update(name, List.of(Roles.OPERATOR), true, theirs.version());

        mine.roles.setValue(Set.of(Roles.ANALYST));
        ButtonKt._click(mine.save);

        assertThat(mine.isOpened()).isTrue();
        assertThat(Notifications.texts()).anySatisfy(t -> assertThat(t).contains("changed by someone else"));
        view.refresh();
        assertThat(gridRow(view, name).value().roles()).containsExactly(Roles.OPERATOR);
    }

    @Test
    void a_user_with_a_password_set_for_them_must_choose_their_own_before_anything_opens() {
        String name = "forced-" + System.nanoTime();
        StudioUi.signIn("setup-admin", Roles.ADMINISTRATOR);
        users.create(new UserService.NewUser(name, "given-password", List.of(Roles.READER)));

        StudioUi.signIn(name, Roles.READER);
        UI.getCurrent().navigate("tokens");
        assertThat(StudioUi.currentView()).isInstanceOf(ChangePasswordView.class);
        ChangePasswordView view = (ChangePasswordView) StudioUi.currentView();
        assertThat(view.intro.getText()).contains("Choose your own password");

        view.currentPassword.setValue("given-password");
        view.newPassword.setValue("my-own-password");
        view.repeatPassword.setValue("my-own-passwort");
        ButtonKt._click(view.save);
        assertThat(view.repeatPassword.getErrorMessage()).isEqualTo("The two new passwords differ");

        view.currentPassword.setValue("not-it");
        view.repeatPassword.setValue("my-own-password");
        ButtonKt._click(view.save);
        assertThat(view.currentPassword.getErrorMessage()).isEqualTo("This is not your current password");
        assertThat(StudioUi.currentView()).isInstanceOf(ChangePasswordView.class);

        view.currentPassword.setValue("given-password");
        view.newPassword.setValue(name);
        view.repeatPassword.setValue(name);
        ButtonKt._click(view.save);
        assertThat(view.newPassword.getErrorMessage()).contains("must not be the user name");

        view.newPassword.setValue("my-own-password");
        view.repeatPassword.setValue("my-own-password");
        ButtonKt._click(view.save);
        assertThat(StudioUi.currentView().getClass().getSimpleName()).isEqualTo("OverviewView");
        UI.getCurrent().navigate("tokens");
        assertThat(StudioUi.currentView()).isInstanceOf(TokensView.class);
    }

    @Test
    void creates_a_token_shows_it_once_and_revokes_it() {
        String name = "tokens-" + System.nanoTime();
        StudioUi.signIn("setup-admin", Roles.ADMINISTRATOR);
        users.create(new UserService.NewUser(name, "given-password", List.of(Roles.ANALYST)));
        StudioUi.signIn(name, Roles.ANALYST);
        users.changeOwnPassword("given-password", "my-own-password");
        UI.getCurrent().navigate("tokens");
        TokensView view = (TokensView) StudioUi.currentView();
        assertThat(view.emptyState.isVisible()).isTrue();

        ButtonKt._click(view.create);
        assertThat(view.name.getErrorMessage()).contains("Give the token a name");

        view.name.setValue("notebook");
        ButtonKt._click(view.create);
        assertThat(view.createdDialog.isOpened()).isTrue();
        assertThat(view.createdValue.getText()).startsWith("cs_");
        assertThat(view.grid.getGenericDataView().getItems().toList()).singleElement()
                .satisfies(t -> assertThat(t.name()).isEqualTo("notebook"));
        assertThat(view.emptyState.isVisible()).isFalse();

        view.revoke(view.grid.getGenericDataView().getItems().findFirst().orElseThrow());
        assertThat(view.emptyState.isVisible()).isTrue();
        assertThat(context.getBean(ApiTokenService.class).mine()).isEmpty();
    }

    private UsersView openUsers() {
        StudioUi.signIn("users-admin", Roles.ADMINISTRATOR);
        UI.getCurrent().navigate("admin/users");
        return (UsersView) StudioUi.currentView();
    }

    private static Versioned<UserRecord> gridRow(UsersView view, String username) {
        return view.grid.getGenericDataView().getItems()
                .filter(u -> u.value().username().equals(username)).findFirst().orElseThrow();
    }
}
