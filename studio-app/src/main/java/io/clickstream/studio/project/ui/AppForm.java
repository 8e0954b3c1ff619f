package io.clickstream.studio.project.ui;

import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import io.clickstream.metadata.apps.AppRecord;
import io.clickstream.studio.base.ui.FieldErrors;
import io.clickstream.studio.project.AppInput;
import io.clickstream.studio.project.ProjectService;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;

/** The fields of an app, for the create dialog and the app page; each refusal shows next to its field. */
final class AppForm extends Div {

    static final List<String> TIME_ZONES = ZoneId.getAvailableZoneIds().stream()
            .filter(z -> z.contains("/") || z.equals("UTC")).sorted().toList();

    final TextField appId = new TextField("App id");
    final TextField name = new TextField("Name");
    final TextArea description = new TextArea("Description");
    final ComboBox<String> timeZone = new ComboBox<>("Time zone");
    final CheckboxGroup<String> platforms = new CheckboxGroup<>("Platforms");
    final TextArea allowedOrigins = new TextArea("Allowed web origins");
    final Checkbox enabled = new Checkbox("Accept events");
    final FieldErrors errors = new FieldErrors();

    AppForm(boolean creating) {
        addClassNames("cs-form-grid");
        appId.setId("app-id");
        name.setId("app-name");
        timeZone.setId("app-time-zone");
        allowedOrigins.setId("app-origins");
        appId.setHelperText("Letters, digits, '.', '_' or '-'; it cannot change later");
        appId.setRequiredIndicatorVisible(true);
        appId.setVisible(creating);
        name.setPlaceholder("Shown in the studio");
        timeZone.setItems(TIME_ZONES);
        timeZone.setValue("UTC");
        timeZone.setHelperText("Days and hours in reports use it");
        platforms.setItems(ProjectService.PLATFORMS);
        allowedOrigins.setPlaceholder("https://shop.example.com");
        allowedOrigins.setHelperText("One per line; browsers on other sites are refused. * allows any");
        enabled.setValue(true);
        enabled.setVisible(!creating);
        description.setMaxLength(2000);
        for (var field : List.of(appId, name, description, allowedOrigins)) {
            field.setWidthFull();
        }
        timeZone.setWidthFull();
        errors.bind("appId", appId).bind("name", name).bind("timeZone", timeZone).bind("platforms", platforms)
                .bind("allowedOrigins", allowedOrigins);
        add(appId, name, timeZone, platforms, allowedOrigins, description, enabled);
    }

    void read(AppRecord app) {
        appId.setValue(app.appId());
        name.setValue(app.name());
        description.setValue(app.description());
        timeZone.setValue(app.timeZone());
        platforms.setValue(new LinkedHashSet<>(app.platforms()));
        allowedOrigins.setValue(String.join("\n", app.allowedOrigins()));
        enabled.setValue(app.enabled());
    }

    AppInput input(Long version) {
        List<String> origins = Arrays.stream(allowedOrigins.getValue().split("[\\s,]+"))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        List<String> chosen = ProjectService.PLATFORMS.stream().filter(platforms.getValue()::contains).toList();
        return new AppInput(appId.getValue().strip(), null, name.getValue(), description.getValue(),
                timeZone.getValue(), enabled.getValue(), origins, chosen, version);
    }
}
