package io.clickstream.studio;

import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Inline;
import com.vaadin.flow.component.page.Meta;
import com.vaadin.flow.component.page.Push;
import com.vaadin.flow.server.AppShellSettings;
import com.vaadin.flow.theme.Theme;
import io.clickstream.studio.base.StopDuringStart;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Entry point of Clickstream Studio: the Vaadin web app, and in local mode the whole platform in one JVM. Server push
 * brings answers of queries run in the background (and Realtime's updates) to the page without a request of its own.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Theme("clickstream")
@Push
@Meta(name = "description", content = "Clickstream Studio: open-source clickstream analytics")
public class StudioApplication implements AppShellConfigurator {

    /** Applies the theme the browser remembered before the page first draws, so a dark page never flashes white. */
    static final String REMEMBERED_THEME = "try { if (localStorage.getItem('cs-theme') === 'dark' || "
            + "(localStorage.getItem('cs-theme') === null && window.matchMedia "
            + "&& window.matchMedia('(prefers-color-scheme: dark)').matches)) "
            + "{ document.documentElement.setAttribute('theme', 'dark'); } } catch (e) { }";

    public static void main(String[] args) {
        // A stop during the start ends the JVM quietly; afterwards Spring's graceful shutdown takes over.
        StopDuringStart guard = StopDuringStart.install();
        try {
            SpringApplication.run(StudioApplication.class, args);
        } finally {
            guard.startEnded();
        }
    }

    @Override
    public void configurePage(AppShellSettings settings) {
        settings.addInlineWithContents(Inline.Position.PREPEND, REMEMBERED_THEME, Inline.Wrapping.JAVASCRIPT);
        settings.addFavIcon("icon", "favicon.ico", "32x32");
        settings.addLink("icon", "icons/studio.svg");
    }
}
