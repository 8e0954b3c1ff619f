package io.clickstream.studio.security.ui;

import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinServiceInitListener;
import io.clickstream.studio.security.UserService;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Until a local user has replaced a password someone else set (the first start's {@code admin}/{@code admin}, or an
 * administrator's reset), every navigation leads to the change-password page; the API refuses their tokens too.
 */
@Component
class PasswordChangeGate implements VaadinServiceInitListener {

    private final UserService users;

    PasswordChangeGate(UserService users) {
        this.users = users;
    }

    @Override
    public void serviceInit(ServiceInitEvent event) {
        event.getSource().addUIInitListener(init -> init.getUI().addBeforeEnterListener(this::check));
    }

    void check(BeforeEnterEvent event) {
        Class<?> target = event.getNavigationTarget();
        if (target == ChangePasswordView.class || target == LoginView.class) {
            return;
        }
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof UsernamePasswordAuthenticationToken && authentication.isAuthenticated()
                && users.passwordChangeRequired(authentication.getName())) {
            event.rerouteTo(ChangePasswordView.class);
        }
    }
}
