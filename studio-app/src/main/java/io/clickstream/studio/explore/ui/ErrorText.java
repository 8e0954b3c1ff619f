package io.clickstream.studio.explore.ui;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.html.Span;

/** An error line under a group of builder fields (a list of steps, a list of filters) that has no field of its own. */
final class ErrorText extends Span implements HasValidation {

    private String message = "";
    private boolean invalid;

    ErrorText() {
        addClassName("cs-group-error");
        getElement().setAttribute("role", "alert");
        setVisible(false);
    }

    @Override
    public void setErrorMessage(String errorMessage) {
        message = errorMessage == null ? "" : errorMessage;
        setText(message);
    }

    @Override
    public String getErrorMessage() {
        return message;
    }

    @Override
    public void setInvalid(boolean invalid) {
        this.invalid = invalid;
        setVisible(invalid);
    }

    @Override
    public boolean isInvalid() {
        return invalid;
    }
}
