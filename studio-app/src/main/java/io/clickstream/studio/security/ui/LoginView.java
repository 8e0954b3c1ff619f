package io.clickstream.studio.security.ui;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.login.LoginI18n;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import io.clickstream.studio.security.SecurityProperties;
import java.util.List;
import java.util.Map;

/**
 * The sign-in page; Spring Security processes the form posted to {@code /login}, and sends failures back here with
 * the reason as a query parameter ({@code error}, {@code throttled}, {@code norole}, {@code sso}). With OIDC
 * configured it offers the provider's button as well.
 */
@Route(value = "login", autoLayout = false)
@PageTitle("Sign in | Clickstream Studio")
@AnonymousAllowed
public final class LoginView extends Main implements BeforeEnterObserver {

    static final Map<String, String[]> MESSAGES = Map.of(
            "error", new String[] {"Incorrect user name or password", "Check them and try again."},
            "throttled", new String[] {"Too many failed sign-ins",
                    "Sign-in is paused for this user name and address for a few minutes. Wait, then try again."},
            "norole", new String[] {"No studio role",
                    "Your account signed in, but has no Clickstream Studio role. Ask an administrator to add you to "
                            + "a studio group."},
            "sso", new String[] {"Single sign-on failed", "The identity provider did not complete the sign-in. Try "
                    + "again, or sign in with a studio password."});

    final LoginForm loginForm = new LoginForm();
    final Anchor oidcButton;
    final Paragraph notice = new Paragraph();

    public LoginView(SecurityProperties security) {
        addClassName("login-view");
        loginForm.setAction("login");
        loginForm.setForgotPasswordButtonVisible(false);
        loginForm.setI18n(i18n("error"));

        H1 brand = new H1("Clickstream Studio");
        brand.addClassName("login-brand");
        Paragraph tagline = new Paragraph("Open-source clickstream analytics");
        tagline.addClassName("login-tagline");
        notice.addClassName("login-notice");
        notice.setVisible(false);
        Div card = new Div(brand, tagline, notice, loginForm);
        card.addClassName("login-card");

        oidcButton = new Anchor("oauth2/authorization/oidc", security.oidc().buttonLabel());
        oidcButton.setRouterIgnore(true);
        oidcButton.addClassName("login-sso");
        oidcButton.setVisible(security.oidc().enabled());
        if (security.oidc().enabled()) {
            Span or = new Span("or");
            or.addClassName("login-or");
            card.add(or, oidcButton);
        }
        add(card);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Map<String, List<String>> parameters = event.getLocation().getQueryParameters().getParameters();
        String reason = MESSAGES.keySet().stream().filter(parameters::containsKey).findFirst().orElse(null);
        loginForm.setI18n(i18n(reason == null ? "error" : reason));
        loginForm.setError(reason != null);
        notice.setVisible(parameters.containsKey("logout"));
        notice.setText("You have signed out.");
    }

    private static LoginI18n i18n(String reason) {
        LoginI18n i18n = LoginI18n.createDefault();
        i18n.getForm().setTitle("Sign in");
        i18n.getForm().setUsername("User name");
        i18n.getForm().setSubmit("Sign in");
        i18n.getErrorMessage().setTitle(MESSAGES.get(reason)[0]);
        i18n.getErrorMessage().setMessage(MESSAGES.get(reason)[1]);
        return i18n;
    }
}
