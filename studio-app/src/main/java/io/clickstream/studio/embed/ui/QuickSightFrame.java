package io.clickstream.studio.embed.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import com.vaadin.flow.component.dependency.NpmPackage;

/**
 * A QuickSight dashboard or visual, drawn in the browser by the Amazon QuickSight embedding SDK
 * ({@code embedDashboard} / {@code embedVisual}) from an embed URL the server got moments before.
 */
@Tag("cs-quicksight-frame")
@NpmPackage(value = "amazon-quicksight-embedding-sdk", version = "2.11.3")
@JsModule("./components/cs-quicksight-frame.js")
public class QuickSightFrame extends Component implements HasSize {

    /** What the URL embeds, which decides the SDK call. */
    public enum Kind { DASHBOARD, VISUAL }

    public QuickSightFrame() {
        setWidthFull();
        setHeight("480px");
    }

    public void show(Kind kind, String embedUrl) {
        getElement().setProperty("kind", kind.name().toLowerCase(java.util.Locale.ROOT));
        getElement().setProperty("url", embedUrl);
    }

    /** The embed URL last sent to the browser. */
    public String url() {
        return getElement().getProperty("url", "");
    }
}
