package io.clickstream.studio.base.ui;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.ParentLayout;
import jakarta.annotation.security.PermitAll;
import jakarta.servlet.http.HttpServletResponse;

/**
 * What an unknown address shows: a page inside the shell (so the menu is there) that names the address and links
 * back to the Overview, answered with status 404.
 */
@ParentLayout(MainLayout.class)
@PageTitle("Page not found")
@PermitAll
public final class NotFoundView extends Main implements HasErrorParameter<NotFoundException> {

    final Paragraph message = new Paragraph();
    final Anchor home = new Anchor("", "Go to the Overview");

    public NotFoundView() {
        addClassName("cs-dashboard");
        home.setId("not-found-home");
        home.addClassName("cs-primary-link");
        Div card = new Div(new H2("Page not found"), message,
                new Paragraph("The link may be out of date, or the page may have moved. Use the menu, or:"), home);
        card.addClassNames("cs-card", "cs-empty", "cs-not-found");
        add(card);
    }

    @Override
    public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<NotFoundException> parameter) {
        message.setText("There is no page at /" + event.getLocation().getPath() + ".");
        return HttpServletResponse.SC_NOT_FOUND;
    }
}
