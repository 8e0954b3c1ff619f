package io.clickstream.studio.security.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.login.LoginI18n;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;

/** The sign-in page; Spring Security processes the form posted to {@code /login}. */
@Route(value = "login", autoLayout = false)
@PageTitle("Sign in | Clickstream Studio")
@AnonymousAllowed
public final class LoginView extends Main implements BeforeEnterObserver {

    final LoginForm loginForm = new LoginForm();

    public LoginView() {
        addClassName("login-view");
        loginForm.setAction("login");
        loginForm.setForgotPasswordButtonVisible(false);
        LoginI18n i18n = LoginI18n.createDefault();
        i18n.getForm().setTitle("Sign in");
        loginForm.setI18n(i18n);

        H1 brand = new H1("Clickstream Studio");
        brand.addClassName("login-brand");
        Paragraph tagline = new Paragraph("Open-source clickstream analytics");
        tagline.addClassName("login-tagline");
        Div card = new Div(brand, tagline, loginForm);
        card.addClassName("login-card");
        add(card);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        loginForm.setError(event.getLocation().getQueryParameters().getParameters().containsKey("error"));
    }
}
