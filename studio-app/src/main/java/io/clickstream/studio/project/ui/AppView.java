package io.clickstream.studio.project.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.tabs.Tab;
import com.vaadin.flow.component.tabs.TabSheet;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinRequest;
import io.clickstream.metadata.ItemConflictException;
import io.clickstream.metadata.Versioned;
import io.clickstream.metadata.apps.AppRecord;
import io.clickstream.studio.base.ConflictException;
import io.clickstream.studio.base.InvalidInputException;
import io.clickstream.studio.base.NotFoundException;
import io.clickstream.studio.base.ui.ConfirmDelete;
import io.clickstream.studio.base.ui.FieldErrors;
import io.clickstream.studio.base.ui.MainLayout;
import io.clickstream.studio.base.ui.ViewHeader;
import io.clickstream.studio.project.ProjectService;
import io.clickstream.studio.project.SdkSnippets;
import io.clickstream.studio.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One app (Administrator): where it sends events, with copy-paste code for each SDK and curl, and its settings. A
 * save names the version the page read, so a change someone else made meanwhile is refused with the store's
 * message instead of being overwritten.
 */
@Route(value = "apps", layout = MainLayout.class)
@RolesAllowed(Roles.ADMINISTRATOR)
class AppView extends Main implements HasUrlParameter<String>, HasDynamicTitle {

    final ProjectService service;
    final SdkSnippets snippets;
    final ViewHeader header;
    final TextField endpoint = new TextField("Endpoint");
    final TabSheet sdkTabs = new TabSheet();
    final Map<String, Pre> code = new LinkedHashMap<>();
    final AppForm form = new AppForm(false);
    final Button save = new Button("Save changes");
    final Button reload = new Button("Reload", VaadinIcon.REFRESH.create());
    final Button delete = new Button("Delete app", VaadinIcon.TRASH.create());
    final Span status = new Span();
    Versioned<AppRecord> app;

    AppView(ProjectService service, SdkSnippets snippets) {
        this.service = service;
        this.snippets = snippets;
        addClassName("cs-dashboard");

        delete.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
        delete.addClickListener(click -> confirmDelete());
        header = new ViewHeader("", "", status, delete);

        endpoint.setReadOnly(true);
        endpoint.setWidthFull();
        endpoint.setId("endpoint");
        Button copyEndpoint = copyButton(() -> endpoint.getValue());
        endpoint.setSuffixComponent(copyEndpoint);
        for (String sdk : new String[] {"Web", "Android", "iOS", "curl"}) {
            Pre pre = new Pre();
            pre.addClassName("cs-code");
            pre.setId("snippet-" + sdk.toLowerCase(java.util.Locale.ROOT));
            code.put(sdk, pre);
            Button copy = new Button("Copy", VaadinIcon.COPY.create());
            copy.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
            copy.addClickListener(click -> pre.getElement().executeJs(
                    "navigator.clipboard && navigator.clipboard.writeText(this.textContent)"));
            copy.addClassName("cs-copy");
            Div box = new Div(copy, pre);
            box.addClassName("cs-code-box");
            sdkTabs.add(new Tab(sdk), box);
        }
        sdkTabs.setWidthFull();
        Paragraph curlNote = new Paragraph("The curl example sends a browser-like user agent: the ETL drops events "
                + "from HTTP tools' own user agents as bots. Events are queryable about a minute after their 200.");
        curlNote.addClassName("cs-muted");
        Div sendCard = new Div(new H3("Send events"), endpoint, sdkTabs, curlNote);
        sendCard.addClassName("cs-card");

        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickListener(click -> save());
        reload.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        reload.addClickListener(click -> load(app.value().appId()));
        Div buttons = new Div(save, reload);
        buttons.addClassName("cs-form-buttons");
        Div settingsCard = new Div(new H3("Settings"), form, buttons);
        settingsCard.addClassName("cs-card");

        Div columns = new Div(sendCard, settingsCard);
        columns.addClassName("cs-app-columns");
        add(header, columns);
    }

    @Override
    public void setParameter(BeforeEvent event, String appId) {
        try {
            load(appId);
        } catch (NotFoundException e) {
            FieldErrors.error(e.getMessage());
            event.forwardTo(ProjectsView.class);
        }
    }

    @Override
    public String getPageTitle() {
        return app == null ? "App" : app.value().name();
    }

    void load(String appId) {
        app = service.app(appId);
        AppRecord a = app.value();
        header.setTitle(a.name());
        header.setSubtitle("App id " + a.appId() + " · project " + a.projectId() + " · " + a.timeZone());
        status.setText(a.enabled() ? "Accepting events" : "Disabled");
        status.getElement().getThemeList().clear();
        status.getElement().getThemeList().add(a.enabled() ? "badge success pill" : "badge error pill");
        String host = VaadinRequest.getCurrent() == null ? null : VaadinRequest.getCurrent().getHeader("Host");
        String url = snippets.endpoint(host == null ? null : host.replaceFirst(":\\d+$", ""), a.projectId());
        endpoint.setValue(url);
        code.get("Web").setText(snippets.web(a.appId(), url));
        code.get("Android").setText(snippets.android(a.appId(), url));
        code.get("iOS").setText(snippets.ios(a.appId(), url));
        code.get("curl").setText(snippets.curl(a.appId(), url));
        form.errors.clear();
        form.read(a);
    }

    void save() {
        try {
            app = service.updateApp(app.value().appId(), form.input(app.version()), app.version());
            FieldErrors.success("Saved " + app.value().appId());
            load(app.value().appId());
        } catch (InvalidInputException e) {
            form.errors.show(e);
        } catch (ItemConflictException | ConflictException | NotFoundException e) {
            FieldErrors.error(e.getMessage());
        }
    }

    private void confirmDelete() {
        ConfirmDelete.open("Delete app " + app.value().appId() + "?",
                "Ingestion refuses its events from then on. Events already in the lake stay.", () -> {
                    try {
                        service.deleteApp(app.value().appId(), app.version());
                        FieldErrors.success("Deleted app " + app.value().appId());
                        UI.getCurrent().navigate(ProjectsView.class);
                    } catch (ItemConflictException | NotFoundException e) {
                        FieldErrors.error(e.getMessage());
                    }
                });
    }

    private static Button copyButton(java.util.function.Supplier<String> text) {
        Button copy = new Button(VaadinIcon.COPY.create());
        copy.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE);
        copy.setTooltipText("Copy");
        copy.setAriaLabel("Copy");
        copy.addClickListener(click -> copy.getElement().executeJs(
                "navigator.clipboard && navigator.clipboard.writeText($0)", text.get()));
        return copy;
    }
}
