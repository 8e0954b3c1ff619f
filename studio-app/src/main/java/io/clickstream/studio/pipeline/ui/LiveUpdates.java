package io.clickstream.studio.pipeline.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import io.clickstream.studio.pipeline.PipelineAdminService;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.security.concurrent.DelegatingSecurityContextRunnable;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Redraws a component after each monitoring sample, through server push, while it is attached. The update runs as
 * the signed-in user (the services check roles from the security context, which a push from the monitor's thread
 * would otherwise lack).
 */
final class LiveUpdates {

    private LiveUpdates() {
    }

    /** Calls {@code update} with the ids of the pipelines just sampled, in the component's UI. */
    static void attach(Component component, PipelineAdminService service, Consumer<Set<String>> update) {
        component.addAttachListener(attach -> {
            UI ui = attach.getUI();
            SecurityContext context = SecurityContextHolder.getContext();
            Runnable unsubscribe = service.onSample(ids -> ui.access(() ->
                    new DelegatingSecurityContextRunnable(() -> update.accept(ids), context).run()));
            component.addDetachListener(detach -> {
                unsubscribe.run();
                detach.unregisterListener();
            });
        });
    }
}
