package io.clickstream.studio.base.ui;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import io.clickstream.studio.base.FieldMessage;
import io.clickstream.studio.base.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Shows a service's refusal in a form: each {@link FieldMessage} next to its field, a message without a field of
 * the form in a notification. Views name their fields as the services (and the API) name them.
 */
public final class FieldErrors {

    private final Map<String, HasValidation> fields = new LinkedHashMap<>();

    public FieldErrors bind(String name, HasValidation field) {
        fields.put(name, field);
        return this;
    }

    /** Clears every field's error before a new attempt. */
    public void clear() {
        fields.values().forEach(field -> field.setInvalid(false));
    }

    public void show(InvalidInputException e) {
        clear();
        for (FieldMessage error : e.errors()) {
            HasValidation field = fields.get(error.field());
            if (field == null) {
                error(error.message());
            } else {
                field.setErrorMessage(error.message());
                field.setInvalid(true);
            }
        }
    }

    /** A refusal or failure that belongs to no field (a conflict, a missing item), shown until dismissed. */
    public static void error(String message) {
        Notification notification = new Notification(message, 8000, Notification.Position.TOP_CENTER);
        notification.addThemeVariants(NotificationVariant.LUMO_ERROR);
        notification.open();
    }

    public static void success(String message) {
        Notification.show(message, 3000, Notification.Position.BOTTOM_END)
                .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
    }
}
