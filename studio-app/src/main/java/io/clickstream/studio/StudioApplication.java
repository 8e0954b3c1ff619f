package io.clickstream.studio;

import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Meta;
import com.vaadin.flow.component.page.Push;
import com.vaadin.flow.theme.Theme;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Entry point of Clickstream Studio: the Vaadin web app, and in local mode the whole platform in one JVM. Server push
 * is on, so answers computed off the UI thread (explorations) reach the browser as soon as they are ready.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Theme("clickstream")
@Push
@Meta(name = "description", content = "Clickstream Studio: open-source clickstream analytics")
public class StudioApplication implements AppShellConfigurator {

    public static void main(String[] args) {
        SpringApplication.run(StudioApplication.class, args);
    }
}
