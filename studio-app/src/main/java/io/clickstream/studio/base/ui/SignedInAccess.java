package io.clickstream.studio.base.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.server.Command;
import java.util.concurrent.Future;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * {@link UI#access} for work that ends on a background thread: the command runs as the user who started the work.
 * Services check the caller's role from Spring Security's context, which a background thread does not have, so a
 * plain {@code ui.access} that refreshes a view from there is refused ("sign in to use ...").
 */
public final class SignedInAccess {

    private SignedInAccess() {
    }

    /**
     * Captures the current user (call it on the UI thread, before the work starts) and returns a way to update
     * {@code ui} later as that user.
     */
    public static Updater of(UI ui) {
        SecurityContext user = SecurityContextHolder.getContext();
        return command -> ui.access(() -> {
            SecurityContext previous = SecurityContextHolder.getContext();
            SecurityContextHolder.setContext(user);
            try {
                command.execute();
            } finally {
                SecurityContextHolder.setContext(previous);
            }
        });
    }

    /** Updates one UI as the user captured by {@link #of(UI)}. */
    @FunctionalInterface
    public interface Updater {
        /** Runs the command under the UI's session lock, as the captured user. */
        Future<Void> access(Command command);
    }
}
